import { initCloud } from '../lib/env';
import { identityVerification } from '../lib/identity-verification';

/** 债权人实名认证, inside the plug-in: its own environment keeps the creditors it has verified. */
Component({
  ...identityVerification('creditor-verify'),
  lifetimes: {
    attached() {
      initCloud();
    },
  },
});
