// Preloaded (NODE_OPTIONS=--require) into a process under test that must not reach the internet:
// any name lookup or connection to a host other than this machine is refused, and written to
// the file OFFLINE_LOG names, so the test sees every attempt.
const dns = require('node:dns');
const net = require('node:net');
const { appendFileSync } = require('node:fs');
const process = require('node:process');

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);
const record = (what) => {
  if (process.env.OFFLINE_LOG) appendFileSync(process.env.OFFLINE_LOG, `${what}\n`);
};
const refused = (host) => Object.assign(new Error(`offline: ${host} is not this machine`), { code: 'ENOTFOUND', hostname: host });

const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!LOCAL.has(host)) {
    record(`lookup ${host}`);
    process.nextTick(() => cb(refused(host)));
    return {};
  }
  return lookup.apply(this, arguments);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function (host, ...rest) {
  if (!LOCAL.has(host)) {
    record(`lookup ${host}`);
    throw refused(host);
  }
  return promisesLookup.call(this, host, ...rest);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const host = typeof options === 'object' && options !== null ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
  const path = typeof options === 'object' && options !== null ? options.path : typeof first === 'string' ? first : undefined;
  if (!path && host && net.isIP(host) && !LOCAL.has(host)) {
    record(`connect ${host}`);
    process.nextTick(() => this.destroy(refused(host)));
    return this;
  }
  return connect.apply(this, args);
};
