import { implement } from '#runtime';
import { supervise, sweepOnTimer } from '#usecases/enforcement';

/** 督办: the leader's urge, the sweep (hourly on its timer trigger too), the president's extension, the ruling on an objection. */
export const main = implement('enforcement-supervise', supervise, sweepOnTimer);
