import { useSdkEnvironment } from './emulator';
import { emulatorOfThisWorker } from './workers';

// This worker's own emulator, then, before any test module loads wx-server-sdk, the
// environment the SDK reads at init.
const url = emulatorOfThisWorker();
if (url) process.env.MC_EMULATOR_URL = url;
useSdkEnvironment();
