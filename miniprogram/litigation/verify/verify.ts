import { largeText } from '../../lib/large-text';
import { identityVerification } from '../../lib/identity-verification';

/** 实名认证: name and ID number, then WeChat's face check, verified by the court's server. */
Component({ behaviors: [largeText], ...identityVerification('identity-verify') });
