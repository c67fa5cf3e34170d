/** The bankruptcy from the plug-in's own QR code (scene "b=<id>") or the page's options. */
export function bankruptcyOf(options: Record<string, string>): string {
  const scene = decodeURIComponent(options.scene ?? '');
  return /^b=([A-Za-z0-9_-]{4,64})$/.exec(scene)?.[1] ?? options.b ?? '';
}
