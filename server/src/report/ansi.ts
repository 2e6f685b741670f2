// ANSI styles for terminal output; every caller passes whether colour is on.
const STYLES = { bold: [1, 22], dim: [2, 22], underline: [4, 24], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39] } as const;
export type Style = keyof typeof STYLES;

/** Wraps text in an ANSI style when colour is on. */
export function paint(text: string, style: Style, color: boolean): string {
  if (!color) return text;
  const [on, off] = STYLES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}
