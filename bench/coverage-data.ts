/**
 * A fictional directory for the coverage benchmark: `n` services spread over the 175 areas, each with
 * one to three need domains (the five Mapping the Maze domains more often), some for a group of women,
 * one or two ways of delivery, and placed by a service area, a located place (coordinates near the
 * area's centre, so its area is found by point in polygon), or both. Deterministic for a seed.
 */

import type { LocalArea } from '../src/modules/directory/coverage/query.ts';
import { deliveryTerms, needTerms, whoForTerms } from '../src/modules/directory/taxonomies.ts';
import type { FixtureService } from '../tests/support/coverage.ts';
import type { Rng } from './generate.ts';

const needs = Object.values(needTerms);
const groups = Object.values(whoForTerms).map((t) => t.code);
const ways = Object.values(deliveryTerms).map((t) => t.code);

export function coverageServices(rng: Rng, n: number, areas: readonly LocalArea[]): FixtureService[] {
  const r = rng.fork('coverage-services');
  const weightedNeeds = needs.map((t) => [t.code, t.mappingTheMaze ? 3 : 1] as const);
  const out: FixtureService[] = [];
  for (let i = 0; i < n; i++) {
    const count = r.weighted([
      [1, 5],
      [2, 3],
      [3, 2],
    ] as const);
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(r.weighted(weightedNeeds));
    const whoFor = r.chance(0.45) ? r.sample(groups, r.chance(0.25) ? 2 : 1) : [];
    const delivery = r.sample(ways, r.int(1, 2));
    const home = r.pick(areas);
    const placement = r.weighted([
      ['area', 5],
      ['location', 3],
      ['both', 2],
    ] as const);
    const extraAreas = r.chance(0.1) ? r.sample(areas, r.int(1, 3)).map((a) => a.code) : [];
    out.push({
      id: r.uuid(),
      name: `Benchmark service ${i + 1}`,
      needs: [...chosen],
      whoFor,
      delivery,
      status: r.chance(0.95) ? 'active' : 'inactive',
      areas: placement === 'location' ? [] : [home.code, ...extraAreas],
      locations:
        placement === 'area'
          ? []
          : [
              {
                latitude: home.latitude + r.float(-0.005, 0.005),
                longitude: home.longitude + r.float(-0.005, 0.005),
              },
            ],
    });
  }
  return out;
}
