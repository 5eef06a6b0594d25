/**
 * Wayfinder's shipped taxonomies (docs/decisions/0005-directory-data-model.md): need domains, who a service
 * is for, and how it is delivered. Ids are fixed UUIDs and codes are fixed slugs: refer to them from code
 * with `needTerms.mentalHealth.id`, `termByCode('mental-health')`, and translate names in the UI with
 * `t('directory.terms.<code>')` if a module wants them in other languages.
 *
 * They are written to directory_taxonomy / directory_taxonomy_term at start-up by
 * `ensureShippedTaxonomies` (idempotent: an upsert by id; shipped rows are owned by this file).
 * A service carries a term through an attribute row: link_id = service id, link_entity 'service',
 * link_type from `linkTypeFor` (HSDS's open codelist: 'service_type', 'eligibility', 'delivery').
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { dirTaxonomy, dirTaxonomyTerm } from './schema.ts';

export interface ShippedTaxonomy {
  id: string;
  code: 'need' | 'who-for' | 'delivery';
  name: string;
  description: string;
  uri: string;
  version: string;
}

export interface ShippedTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomyId: string;
  /** The five need domains counted by Mapping the Maze (2017). */
  mappingTheMaze?: true;
}

export const taxonomies = {
  need: {
    id: '8574cf00-bc02-4261-ac34-147465e2a24d',
    code: 'need',
    name: 'Wayfinder need domains',
    description:
      'What a service helps with: the five domains of Mapping the Maze (substance use, mental health, homelessness, offending, complex needs) and the other needs of migrant and refugee women.',
    uri: 'urn:wayfinder:taxonomy:need',
    version: '1',
  },
  whoFor: {
    id: 'e9878f34-34f2-45ef-ac9d-b9aed39aa089',
    code: 'who-for',
    name: 'Wayfinder who-for groups',
    description: 'Who a service is for, beyond its age range.',
    uri: 'urn:wayfinder:taxonomy:who-for',
    version: '1',
  },
  delivery: {
    id: 'ba6f679c-0014-4e68-bba9-aebee59a92f8',
    code: 'delivery',
    name: 'Wayfinder delivery',
    description:
      'How a woman can use a service: drop in, book, be visited, online, by phone, in a women-only space.',
    uri: 'urn:wayfinder:taxonomy:delivery',
    version: '1',
  },
} as const satisfies Record<string, ShippedTaxonomy>;

const need = (id: string, code: string, name: string, description: string, mtm?: true): ShippedTerm => ({
  id,
  code,
  name,
  description,
  taxonomyId: taxonomies.need.id,
  ...(mtm ? { mappingTheMaze: mtm } : {}),
});
const whoFor = (id: string, code: string, name: string, description: string): ShippedTerm => ({
  id,
  code,
  name,
  description,
  taxonomyId: taxonomies.whoFor.id,
});
const delivery = (id: string, code: string, name: string, description: string): ShippedTerm => ({
  id,
  code,
  name,
  description,
  taxonomyId: taxonomies.delivery.id,
});

export const needTerms = {
  substanceUse: need(
    '196e7c30-f177-43e5-8e4f-85c6cc1e5dd8',
    'substance-use',
    'Substance use',
    'Help with alcohol or drug use, for the woman or someone close to her.',
    true,
  ),
  mentalHealth: need(
    '1b8711fd-153f-41d3-adad-0af83fd93e20',
    'mental-health',
    'Mental health',
    'Counselling, therapy, peer support and wellbeing, including support after trauma.',
    true,
  ),
  homelessness: need(
    '1899e377-67e0-4d05-b422-a88d38ddd436',
    'homelessness',
    'Housing and homelessness',
    'Housing advice, emergency accommodation, refuges and help to keep a home.',
    true,
  ),
  offending: need(
    'b9cb1304-0d3b-4950-8a0e-bdf033c3d68f',
    'offending',
    'Offending and the justice system',
    'Support for women in contact with the police, courts, prison or probation.',
    true,
  ),
  complexNeeds: need(
    'ff279f76-b3a0-4b50-ae97-2c79cf9dec9a',
    'complex-needs',
    'Complex needs',
    'Joined-up support for women facing several problems at once.',
    true,
  ),
  domesticAbuse: need(
    '6915b41a-2863-46f2-8af9-a10d6b669020',
    'domestic-abuse',
    'Domestic abuse and sexual violence',
    'Safety planning, advocacy, refuge and recovery from domestic abuse, sexual violence, forced marriage, FGM and trafficking.',
  ),
  immigrationAdvice: need(
    'a2ac2c5d-c290-47cd-aba6-f90ee4826446',
    'immigration-advice',
    'Immigration advice',
    'Regulated immigration and asylum advice, and help with status, visas and the EU Settlement Scheme.',
  ),
  employment: need(
    'dd5de133-02bc-4645-8cb4-c3ad00149baf',
    'employment',
    'Employment',
    'Job clubs, CVs, interviews, volunteering and work placements, and rights at work.',
  ),
  english: need(
    '7743d37e-00c8-4fc4-95c5-6164beee7a00',
    'english-esol',
    'English (ESOL)',
    'English for Speakers of Other Languages classes and conversation groups, including occupational English.',
  ),
  moneyAndBenefits: need(
    'a8f2454a-f407-44b0-8593-5190149967a7',
    'money-benefits',
    'Money and benefits',
    'Benefits, debt, budgeting, grants and help with bills.',
  ),
  health: need(
    '865fd21e-6370-4eaf-983b-f3fd1654d440',
    'health',
    'Health',
    'Registering with a GP, sexual and reproductive health, and help to use health services.',
  ),
  maternity: need(
    '5571e964-7dac-464a-8840-4dbc3cc0f732',
    'maternity',
    'Maternity',
    'Support in pregnancy, birth and the first year, including doulas and befrienders.',
  ),
  family: need(
    '09b4c61e-4a30-4279-9b09-b02684d044d7',
    'family',
    'Family',
    'Parenting, children, childcare and family reunion.',
  ),
  education: need(
    '7429e1fd-2822-41fd-8609-9e96e94e1e57',
    'education',
    'Education',
    'Courses, training, qualifications and having overseas qualifications recognised.',
  ),
  community: need(
    '1ec4c945-78b9-488a-b60b-db8592750603',
    'community',
    'Community',
    'Groups, activities and friendship: confidence, belonging and wellbeing.',
  ),
} as const;

export const whoForTerms = {
  womenOnly: whoFor(
    'ccc0cbd4-04a3-4b33-8230-e7ba15f904b2',
    'women-only',
    'Women only',
    'Run by women, for women only.',
  ),
  blackMinoritisedWomen: whoFor(
    'e4ec606d-41f3-4f81-83c7-7b6be637b7f3',
    'black-minoritised-women',
    'Black and minoritised women',
    'Led by and for Black and minoritised women.',
  ),
  refugeesAsylumSeekers: whoFor(
    'cde2c5d7-cada-477a-a454-cf0814b7f05d',
    'refugees-asylum-seekers',
    'Refugees and asylum seekers',
    'For women seeking asylum, refugees and others with insecure immigration status.',
  ),
  lbtqi: whoFor(
    'b4f27c0b-2c21-45d1-bf79-fe21d77bd25e',
    'lbtqi',
    'LBTQI+ women',
    'For lesbian, bisexual, trans, queer and intersex women.',
  ),
  disabledWomen: whoFor(
    '7f8fca8c-c827-48b3-8e26-61fe5d2752f0',
    'disabled-women',
    'Disabled women',
    'For disabled women, including D/deaf women and women with learning disabilities.',
  ),
  pregnantNewMothers: whoFor(
    '089567e8-71c2-405e-9a50-10fc0d3b5c3f',
    'pregnant-new-mothers',
    'Pregnant women and new mothers',
    'For women who are pregnant or have a baby under one.',
  ),
  youngWomen: whoFor(
    'c8a80d40-cb8f-46f7-bcca-63544d327bd4',
    'young-women',
    'Young women',
    'For young women, usually 16 to 25.',
  ),
} as const;

export const deliveryTerms = {
  dropIn: delivery(
    '4e60b004-72f2-4a6a-aa51-c190c8e26120',
    'drop-in',
    'Drop-in',
    'Come along without an appointment.',
  ),
  appointment: delivery(
    '0ac759aa-e323-4081-ae1c-1fe4d6cfcaf0',
    'appointment',
    'By appointment',
    'Book a time first.',
  ),
  outreach: delivery(
    '9a252ca8-5e44-4358-b8bc-0cc67409dfe9',
    'outreach',
    'Outreach',
    'Staff come to where the woman is: home, hostel, hospital or community venue.',
  ),
  online: delivery(
    '22f02c4c-4c88-4339-8ff6-b299aca78407',
    'online',
    'Online',
    'By video call, chat or email.',
  ),
  phone: delivery('a8d4d908-c274-419a-836c-bbf145e4cfcc', 'phone', 'By phone', 'By phone or text message.'),
  womenOnlySpace: delivery(
    'b47e5f29-f815-4c26-bcd0-bf79a02fbaa9',
    'women-only-space',
    'Women-only space',
    'Held in a space where only women are present.',
  ),
} as const;

export const shippedTaxonomies: readonly ShippedTaxonomy[] = Object.values(taxonomies);
export const shippedTerms: readonly ShippedTerm[] = [
  ...Object.values(needTerms),
  ...Object.values(whoForTerms),
  ...Object.values(deliveryTerms),
];

const byCode = new Map(shippedTerms.map((t) => [t.code, t]));
const byId = new Map(shippedTerms.map((t) => [t.id, t]));

/** A shipped term by its slug, e.g. termByCode('mental-health'); undefined when there is none. */
export function termByCode(code: string): ShippedTerm | undefined {
  return byCode.get(code);
}

/** A shipped term by its id; undefined for imported (non-shipped) terms. */
export function shippedTermById(id: string): ShippedTerm | undefined {
  return byId.get(id);
}

/** The attribute link_type Wayfinder writes when it tags a service with a term of this taxonomy. */
export function linkTypeFor(taxonomyId: string): string {
  if (taxonomyId === taxonomies.whoFor.id) return 'eligibility';
  if (taxonomyId === taxonomies.delivery.id) return 'delivery';
  return 'service_type';
}

/** The taxonomy object of a shipped term (its `taxonomy` name field and taxonomy_id). */
export function taxonomyOf(term: ShippedTerm): ShippedTaxonomy {
  return shippedTaxonomies.find((t) => t.id === term.taxonomyId)!;
}

/** Writes the shipped taxonomies and terms (upsert by id). Safe to run at every start, concurrently. */
export async function ensureShippedTaxonomies(db: DbOrTx): Promise<void> {
  await db
    .insert(dirTaxonomy)
    .values(
      shippedTaxonomies.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        uri: t.uri,
        version: t.version,
      })),
    )
    .onConflictDoUpdate({
      target: dirTaxonomy.id,
      set: {
        name: sql`excluded.name`,
        description: sql`excluded.description`,
        uri: sql`excluded.uri`,
        version: sql`excluded.version`,
        updated_at: sql`now()`,
      },
      // Unchanged rows are not rewritten: no new row versions, nothing for triggers to see.
      setWhere: sql`(directory_taxonomy.name, directory_taxonomy.description, directory_taxonomy.uri, directory_taxonomy.version) is distinct from (excluded.name, excluded.description, excluded.uri, excluded.version)`,
    });
  await db
    .insert(dirTaxonomyTerm)
    .values(
      shippedTerms.map((t) => ({
        id: t.id,
        code: t.code,
        name: t.name,
        description: t.description,
        taxonomy: taxonomyOf(t).name,
        taxonomy_id: t.taxonomyId,
        language: 'en',
      })),
    )
    .onConflictDoUpdate({
      target: dirTaxonomyTerm.id,
      set: {
        code: sql`excluded.code`,
        name: sql`excluded.name`,
        description: sql`excluded.description`,
        taxonomy: sql`excluded.taxonomy`,
        taxonomy_id: sql`excluded.taxonomy_id`,
        language: sql`excluded.language`,
        updated_at: sql`now()`,
      },
      // Unchanged terms are not rewritten: otherwise every start would mark every service that
      // carries a shipped term for a search-row rebuild (search/schema.ts), minutes at 100k services.
      setWhere: sql`(directory_taxonomy_term.code, directory_taxonomy_term.name, directory_taxonomy_term.description, directory_taxonomy_term.taxonomy, directory_taxonomy_term.taxonomy_id, directory_taxonomy_term.language) is distinct from (excluded.code, excluded.name, excluded.description, excluded.taxonomy, excluded.taxonomy_id, excluded.language)`,
    });
}
