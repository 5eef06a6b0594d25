/**
 * For her page ranked from memory: each open opportunity's best possible score for her, an upper
 * bound of the matcher's score (matching-score.ts, default weights) cheap enough to work out for
 * tens of thousands per page, as score-bounds.ts has the database work one out. Never below the
 * score the matcher gives: the skills, sector, pay and aspiration parts are rounded up where the
 * matcher rounds, and the distance part is the matcher's own (the same journey estimate, the same
 * arithmetic). It decides only which candidates are ranked first (score-bounds.ts bestFirst); the
 * matcher still scores every one ranked.
 *
 * The opportunities' codes (skills, sector, kind) are numbered once when the index is built, so a
 * page compares small numbers against flags of hers rather than strings against sets.
 */
import type { OpportunityForMatch, ProfileForMatch } from '../match.ts';
import { DEFAULT_WEIGHTS, journeyMinutes, SCORE_RULES } from '../matching.ts';

const W = DEFAULT_WEIGHTS;
const neutral = (w: number) => Math.ceil(w * SCORE_RULES.neutral);
const short = 1 - SCORE_RULES.payShortfallAtZero;

export class ScoreBounds {
  private readonly codes = new Map<string, number>();
  /** Opportunity i's skills are skillCodes[skillStart[i]] up to skillStart[i + 1]. */
  private readonly skillStart: Int32Array;
  private readonly skillCodes: Int32Array;
  private readonly sector: Int32Array;
  private readonly kind: Int32Array;

  constructor(private readonly opps: readonly OpportunityForMatch[]) {
    const n = opps.length;
    this.skillStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.skillStart[i + 1] = this.skillStart[i]! + opps[i]!.skills.length;
    this.skillCodes = new Int32Array(this.skillStart[n]!);
    this.sector = new Int32Array(n);
    this.kind = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const o = opps[i]!;
      for (let k = 0; k < o.skills.length; k++)
        this.skillCodes[this.skillStart[i]! + k] = this.code(o.skills[k]!);
      this.sector[i] = this.code(o.sector);
      this.kind[i] = this.code(o.kind);
    }
  }

  private code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.codes.size;
      this.codes.set(s, c);
    }
    return c;
  }

  /** Flags of the codes in `xs` (a code no opportunity uses matches nothing, so is left out). */
  private flags(xs: readonly string[]): Uint8Array {
    const f = new Uint8Array(this.codes.size);
    for (const x of xs) {
      const c = this.codes.get(x);
      if (c !== undefined) f[c] = 1;
    }
    return f;
  }

  /** Her side, prepared once per page: the bound of the opportunity at position i. */
  forHer(p: ProfileForMatch): (i: number) => number {
    const hers = this.flags(p.skills);
    const sectors = this.flags(p.sectors);
    const aspirations = this.flags(p.aspirations);
    const anySector = p.sectors.length > 0;
    const anyAspiration = p.aspirations.length > 0;
    const need = p.payNeededPence;
    const from = p.latitude === null || p.longitude === null ? null : { lat: p.latitude, lng: p.longitude };
    const reference = p.maxJourneyMinutes || SCORE_RULES.distanceReferenceMinutes;
    const { skillStart, skillCodes, sector, kind, opps } = this;
    return (i) => {
      const o = opps[i]!;
      const a = skillStart[i]!;
      const b = skillStart[i + 1]!;
      let skills = neutral(W.skills);
      let aspired = aspirations[sector[i]!] === 1 || aspirations[kind[i]!] === 1;
      if (b > a) {
        // Each listed skill she has (listed twice, counted twice), as the matcher counts them.
        let matched = 0;
        for (let k = a; k < b; k++) {
          matched += hers[skillCodes[k]!]!;
          if (aspirations[skillCodes[k]!] === 1) aspired = true;
        }
        skills = Math.ceil((W.skills * matched) / (b - a));
      }
      const sectorPoints = anySector ? (sectors[sector[i]!] === 1 ? W.sector : 0) : neutral(W.sector);
      // As matching-score.ts values distance: remote 1, journey not known neutral, else by her limit.
      const j = o.remote === 'remote' ? 0 : journeyMinutes(from, o.point, p.modes);
      const d = j === null ? SCORE_RULES.neutral : Math.min(1, Math.max(0, 1 - j / reference));
      let pay = neutral(W.pay);
      if (need && o.hourlyPayPence !== null) pay = o.hourlyPayPence > need * short ? W.pay : 0;
      const aspiration = anyAspiration ? (aspired ? W.aspiration : 0) : neutral(W.aspiration);
      return skills + sectorPoints + Math.round(W.distance * d) + pay + aspiration;
    };
  }
}
