import { writeMiniprogramCopies } from './lib/mp-shared';

/** The mini-program's generated copies, before anything type-checks or packages it. */
writeMiniprogramCopies();
