/** `24h`, `90m`, `1h30m`, `7d`, `45s` in milliseconds; null when the text is no such duration. */
export function parseDuration(text: string): number | null {
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!/^(\d+[smhd])+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, u] of text.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * unit[u!]!;
  return total > 0 ? total : null;
}
