/** What an item `n` carries, so the receiving side can check it arrived intact. */
export const attributesOf = (n: number) => ({ n, text: 'x'.repeat(n % 97) });

/** Calls `emit(0..count-1)` in six waves with a pause between them, so exports (and reuse of queue entries) happen in between. */
export async function inWaves(count: number, emit: (n: number) => void): Promise<void> {
  const perWave = count / 6;
  for (let wave = 0; wave < 6; wave++) {
    for (let i = 0; i < perWave; i++) emit(wave * perWave + i);
    await new Promise((r) => setTimeout(r, 20));
  }
}
