/**
 * Every place named in issue 11, resolved offline from the shipped districts and areas: a pure
 * function over the data, so no database and no server.
 */
import { describe, expect, it } from 'vitest';
import { placeData } from './districts.ts';
import { type PlaceResult, resolvePlace } from './resolve.ts';

const resolve = (text: string): PlaceResult => resolvePlace(placeData(), text);
const found = (text: string) => {
  const r = resolve(text);
  if (r.kind !== 'found') throw new Error(`${text}: ${JSON.stringify(r).slice(0, 300)}`);
  return r.place;
};
const labels = (text: string) => {
  const r = resolve(text);
  if (r.kind !== 'choices') throw new Error(`${text}: ${JSON.stringify(r).slice(0, 300)}`);
  return r.choices.map((c) => c.label);
};

describe('resolvePlace', () => {
  it.each([
    // [text, area code, area, what the place is called]
    ['LS1 4AP', 'E08000035', 'Leeds', 'LS1 4AP'],
    ['ls14ap', 'E08000035', 'Leeds', 'LS1 4AP'],
    ['B1 1AA', 'E08000025', 'Birmingham', 'B1 1AA'],
    ['SW1A 1AA', 'E09000033', 'Westminster', 'SW1A 1AA'],
    ['CV1 2GT', 'E08000026', 'Coventry', 'CV1 2GT'],
    ['LS1', 'E08000035', 'Leeds', 'LS1'],
    ['Ilford', 'E09000026', 'Redbridge', 'Ilford'],
    ['Brixton', 'E09000022', 'Lambeth', 'Brixton'],
    ['Stratford', 'E09000025', 'Newham', 'Stratford'],
    ['Leeds', 'E08000035', 'Leeds', 'Leeds'],
    ['Caerdydd', 'W06000015', 'Cardiff', 'Cardiff'],
    ['Abertawe', 'W06000011', 'Swansea', 'Swansea'],
    ['Ynys Môn', 'W06000001', 'Anglesey', 'Isle of Anglesey'],
    ['bristol', 'E06000023', 'Bristol', 'Bristol, City of'],
    ['hull', 'E06000010', 'Hull', 'Hull'],
    ['Salford', 'E08000006', 'Salford', 'Salford'],
    ['Lambeth', 'E09000022', 'Lambeth', 'Lambeth'],
    ['Newport, Isle of Wight', 'E06000046', 'Isle of Wight', 'Newport'],
  ])('"%s" is in %s (%s)', (text, code, _area, name) => {
    expect(found(text)).toMatchObject({ areaCode: code, name });
  });

  it('places a postcode at its district centre, near the right city', () => {
    const leeds = found('LS1 4AP');
    expect(leeds.kind).toBe('postcode');
    expect(leeds.latitude).toBeCloseTo(53.797, 2);
    expect(leeds.longitude).toBeCloseTo(-1.553, 2);
  });

  it('offers a far-away namesake beside the likely place (Brixton in Devon)', () => {
    const r = resolve('Brixton');
    expect(r.kind === 'found' && r.others.map((o) => o.label)).toEqual(['Brixton, Devon']);
  });

  it('offers the London boroughs for "London"', () => {
    const boroughs = labels('London');
    expect(boroughs).toHaveLength(33);
    expect(boroughs).toEqual(expect.arrayContaining(['Lambeth', 'Newham', 'Redbridge', 'City of London']));
  });

  it.each([
    ['Newport', ['Newport, Wales', 'Newport, Isle of Wight']],
    ['newcastle', ['Newcastle upon Tyne', 'Newcastle-under-Lyme']],
    ['Richmond', ['Richmond upon Thames', 'Richmond, North Yorkshire']],
    ['manchestr', ['Manchester']],
    ['Birmingam', ['Birmingham']],
  ])('asks which place "%s" means, never guessing', (text, some) => {
    expect(labels(text)).toEqual(expect.arrayContaining(some));
  });

  it.each(['G1 1AA', 'Glasgow', 'Belfast', 'BT1', 'ZE1 9ZX'])(
    'says "%s" is outside England and Wales',
    (text) => {
      expect(resolve(text).kind).toBe('outside');
    },
  );

  it.each(['qwxz', '', '   ', 'ZZ99 9ZZ', 'x'.repeat(101)])('finds nothing for "%s"', (text) => {
    expect(resolve(text)).toEqual({ kind: 'unknown' });
  });

  it('answers every choice it offers with a place', () => {
    for (const text of ['London', 'Newport', 'newcastle', 'Richmond'])
      for (const c of resolve(text).kind === 'choices'
        ? (resolve(text) as { choices: { query: string }[] }).choices
        : [])
        expect(['found', 'choices'], c.query).toContain(resolve(c.query).kind);
  });

  it('never offers a choice that asks the same question again (Newport, the city in Wales)', () => {
    const r = resolve('Newport');
    if (r.kind !== 'choices') throw new Error('Newport asks which');
    for (const c of r.choices) {
      const picked = resolve(c.query);
      expect(picked.kind === 'choices' && picked.choices.map((x) => x.query), c.query).not.toEqual(
        r.choices.map((x) => x.query),
      );
    }
    // The first choice is the area itself, named with its nation.
    expect(r.choices[0]!.label).toBe('Newport, Wales');
    expect(found(r.choices[0]!.query)).toMatchObject({ areaCode: 'W06000022', name: 'Newport' });
  });
});
