/** The middle value (the upper middle of an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Each round's ratio of this side to the other, in the rounds' order. */
export function pairedRatios(these: number[], others: number[]): number[] {
  if (these.length !== others.length) throw new Error('Both sides must have run the same rounds');
  return these.map((value, i) => value / others[i]!);
}
