import { useSdkEnvironment } from './emulator';
import { auditAnswersOfFetch } from './pii-audit';
import { emulatorOfThisWorker } from './workers';

// This worker's own emulator, then, before any test module loads wx-server-sdk, the
// environment the SDK reads at init.
const url = emulatorOfThisWorker();
if (url) process.env.MC_EMULATOR_URL = url;
useSdkEnvironment();
// Every answer a function gives in this test file is searched for personal data in the clear.
auditAnswersOfFetch();
