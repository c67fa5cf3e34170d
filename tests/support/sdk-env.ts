import { useSdkEnvironment } from './emulator';

// Before any test module loads wx-server-sdk: the SDK reads this environment at init.
useSdkEnvironment();
