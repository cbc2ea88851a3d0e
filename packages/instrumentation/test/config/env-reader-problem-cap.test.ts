import { describe, expect, it } from 'vitest';
import { EnvReader } from '../../src/config/EnvReader.js';

describe('EnvReader', () => {
  describe('.problem', () => {
    it('lists at most 5 problems per variable, then says there are more, so a long bad list stays small', () => {
      const value = Array.from({ length: 1500 }, (_, i) => `k${i}=${i}`).join(',');
      const env = new EnvReader({ SIGHTLINE_X: value });
      for (let i = 0; i < 1500; i++) env.problem('SIGHTLINE_X', value, `entry k${i} is bad`, 'skipping it');
      env.problem('SIGHTLINE_Y', 'y', 'bad', 'ignoring it');
      expect(env.problems.map((p) => [p.variable, p.message])).toEqual([
        ...[0, 1, 2, 3, 4].map((i) => ['SIGHTLINE_X', `entry k${i} is bad`]),
        ['SIGHTLINE_X', 'more problems than the 5 above'],
        ['SIGHTLINE_Y', 'bad'],
      ]);
      expect(env.problems[5]!.value).toBeUndefined();
    });
  });
});
