/** scripts/pin-release-refs.mjs: the release's rewrite of berth's own references to the exact tag. */
export function pinReleaseRefs(
  text: string,
  tag: string,
  repository?: string,
): { text: string; count: number };
