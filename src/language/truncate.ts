/**
 * Shortening text for display within a limit (Discord's embed fields, titles, choices).
 */

/** Cut `text` to at most `max` characters on a word boundary, marking the cut with an ellipsis. */
export function truncateOnWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const cut = room.replace(/\s+\S*$/, '');
  return `${(cut.length > max / 2 ? cut : room).trimEnd()}…`;
}
