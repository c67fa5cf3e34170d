// jsdom, as page tests need, plus the Node globals the test helpers use to drive the emulator.
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithNode extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, { fetch, Request, Response, Headers, TextEncoder, TextDecoder, structuredClone, setImmediate, clearImmediate });
  }
}

module.exports = JsdomWithNode;
