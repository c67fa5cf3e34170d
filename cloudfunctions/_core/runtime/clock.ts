import { config } from './config';

export type Clock = () => Date;

/**
 * The time a use case sees. On the emulator a test may fix it per call (MC_FIXED_NOW is
 * set per invocation by the function runner); on CloudBase it is the system clock.
 */
export const systemClock: Clock = () => {
  const fixed = process.env.MC_FIXED_NOW ?? config.MC_FIXED_NOW;
  return fixed ? new Date(fixed) : new Date();
};
