/**
 * What the chain key seals a case's head under (`sealHead`). The label also marks a bundle that
 * seals or checks heads, so the build requires MC_CHAIN_KEY of it; it lives alone so the build can
 * read it without loading the functions' configuration.
 */
export const CHAIN_SEAL_LABEL = 'microcourt-chain-head-v1';

/** What the chain key seals a day's anchor root under (`anchorRoot`). */
export const CHAIN_ANCHOR_LABEL = 'microcourt-chain-anchor-v1';
