/**
 * The word lists the demo directory (demo.ts) is made from: organisation names, service templates
 * per need (with their descriptions), streets and the languages spoken. All fictional.
 */
import { deliveryTerms, needTerms, type ShippedTerm } from './taxonomies.ts';

export const prefixes = [
  'Harbour',
  'Riverside',
  'Northgate',
  'Meadow',
  'Lantern',
  'Beacon',
  'Willow',
  'Compass',
  'Bridge',
  'Haven',
  'Kestrel',
  'Orchard',
  'Skylark',
  'Juniper',
  'Cedar',
  'Rowan',
  'Heather',
  'Linden',
  'Sunrise',
  'Tideway',
  'Marigold',
  'Hawthorn',
  'Olive Branch',
  'Open Door',
] as const;
export const orgKinds = [
  'Women’s Centre',
  'Refugee Women’s Project',
  'Sisters Network',
  'Migrant Women’s Action',
  'Women’s Aid',
  'Community Trust',
  'Advice Collective',
  'Women’s Network',
] as const;

export interface Template {
  need: ShippedTerm;
  names: readonly string[];
  describe: (area: string) => string;
  delivery: readonly ShippedTerm[];
  refuge?: true;
  /** Other needs its description speaks of: the only ones a service of this kind may also be tagged with. */
  alsoNeeds?: readonly ShippedTerm[];
}

export const templates: readonly Template[] = [
  {
    need: needTerms.homelessness,
    names: ['Women’s Housing Advice', 'Housing Rights Drop-in', 'Tenancy Support for Women'],
    describe: (a) =>
      `Free, confidential housing advice for women in ${a}: homelessness applications, help to keep your home, and somewhere safe to go tonight.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.appointment, deliveryTerms.phone],
  },
  {
    need: needTerms.domesticAbuse,
    names: ['Women’s Refuge', 'Safe Haven Refuge'],
    describe: (a) =>
      `Safe, women-only refuge accommodation for women and children escaping domestic abuse in and around ${a}. Call us first: the address is never given out.`,
    delivery: [deliveryTerms.phone, deliveryTerms.womenOnlySpace],
    refuge: true,
    alsoNeeds: [needTerms.homelessness],
  },
  {
    need: needTerms.domesticAbuse,
    names: ['Domestic Abuse Outreach', 'Independent Domestic Violence Advocacy', 'Freedom Programme'],
    describe: (a) =>
      `Support for women experiencing domestic abuse, sexual violence, forced marriage or FGM in ${a}: safety planning, advocacy with police and courts, and groups.`,
    delivery: [deliveryTerms.outreach, deliveryTerms.phone, deliveryTerms.womenOnlySpace],
  },
  {
    need: needTerms.mentalHealth,
    names: ['Women’s Wellbeing Group', 'Trauma Counselling', 'Peer Support Circle'],
    describe: (a) =>
      `Talk to someone who understands. Counselling and peer support for women in ${a} living with anxiety, low mood or trauma, with interpreters when you need one.`,
    delivery: [deliveryTerms.appointment, deliveryTerms.online, deliveryTerms.womenOnlySpace],
  },
  {
    need: needTerms.substanceUse,
    names: ['Recovery Café for Women', 'Alcohol and Drug Support'],
    describe: (a) =>
      `Non-judgemental help with alcohol or drug use for women in ${a}, including women who are pregnant or have children.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.outreach],
  },
  {
    need: needTerms.offending,
    names: ['Women’s Justice Support', 'Through the Gate Mentoring'],
    describe: (a) =>
      `Support for women in ${a} in contact with the police, courts, prison or probation: court support, help on release and a mentor who stays with you.`,
    delivery: [deliveryTerms.outreach, deliveryTerms.appointment],
  },
  {
    need: needTerms.complexNeeds,
    names: ['Women’s Multiple Disadvantage Hub', 'One Stop Women’s Hub'],
    describe: (a) =>
      `One key worker for everything at once: housing, benefits, health, abuse and more. For women in ${a} who have been passed from service to service.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.outreach, deliveryTerms.womenOnlySpace],
    alsoNeeds: [
      needTerms.homelessness,
      needTerms.moneyAndBenefits,
      needTerms.health,
      needTerms.domesticAbuse,
    ],
  },
  {
    need: needTerms.immigrationAdvice,
    names: ['Immigration Advice Clinic', 'Asylum Support Drop-in', 'EU Settlement Scheme Help'],
    describe: (a) =>
      `Free regulated immigration and asylum advice in ${a}: applications, appeals, family reunion and help with letters from the Home Office.`,
    delivery: [deliveryTerms.appointment, deliveryTerms.dropIn],
  },
  {
    need: needTerms.employment,
    names: ['Job Club', 'Employability Coaching', 'Women into Work'],
    describe: (a) =>
      `Find work in ${a}: CVs, interviews, volunteering, recruitment days with Migrant Friendly Employers, and help with your right to work.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.appointment, deliveryTerms.online],
    alsoNeeds: [needTerms.english],
  },
  {
    need: needTerms.english,
    names: ['ESOL Conversation Club', 'English for Work', 'Beginners’ English'],
    describe: (a) =>
      `Learn and practise English with other women in ${a}, from beginners to occupational English. Free crèche at most sessions.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.womenOnlySpace, deliveryTerms.online],
    alsoNeeds: [needTerms.employment],
  },
  {
    need: needTerms.moneyAndBenefits,
    names: ['Benefits and Debt Advice', 'Money Matters', 'Hardship Fund'],
    describe: (a) =>
      `Help with Universal Credit, debts, bills and grants for women in ${a}. Bring any letters you have.`,
    delivery: [deliveryTerms.appointment, deliveryTerms.phone, deliveryTerms.dropIn],
  },
  {
    need: needTerms.health,
    names: ['Health Access Drop-in', 'Women’s Health Clinic'],
    describe: (a) =>
      `Register with a GP, get a health check, or talk about sexual and reproductive health with a woman nurse in ${a}.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.appointment],
    alsoNeeds: [needTerms.maternity],
  },
  {
    need: needTerms.maternity,
    names: ['Maternity Befrienders', 'Doula Support', 'Mums and Babies Group'],
    describe: (a) =>
      `Support through pregnancy, birth and the first year for women in ${a}, from a befriender or doula who speaks your language.`,
    delivery: [deliveryTerms.outreach, deliveryTerms.dropIn, deliveryTerms.womenOnlySpace],
    alsoNeeds: [needTerms.health],
  },
  {
    need: needTerms.family,
    names: ['Parents’ Group', 'Family Reunion Support'],
    describe: (a) =>
      `Help for mothers in ${a} with school, childcare, parenting and bringing family to the UK.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.appointment],
    alsoNeeds: [needTerms.education, needTerms.immigrationAdvice],
  },
  {
    need: needTerms.education,
    names: ['Return to Learning', 'Qualifications Recognition Advice'],
    describe: (a) =>
      `Courses, bursaries and advice on having your overseas qualifications recognised, for women in ${a}.`,
    delivery: [deliveryTerms.appointment, deliveryTerms.online],
  },
  {
    need: needTerms.community,
    names: ['Women’s Social Circle', 'Sewing and Chat', 'Walking Group', 'Women’s Kitchen'],
    describe: (a) =>
      `Meet other women in ${a}, make friends and build confidence. Just come along: no referral and no waiting list.`,
    delivery: [deliveryTerms.dropIn, deliveryTerms.womenOnlySpace],
  },
];

export const streets = [
  'Harbour Street',
  'Meadow Lane',
  'Station Road',
  'Chapel Row',
  'Victoria Terrace',
  'Mill Lane',
  'Church Street',
  'Market Place',
  'Park Road',
  'Orchard Close',
  'Queen’s Walk',
  'Canal Side',
];
export const languages = [
  'ar',
  'fa',
  'ps',
  'ur',
  'ti',
  'so',
  'ku',
  'uk',
  'pl',
  'ro',
  'bn',
  'pa',
  'es',
  'fr',
  'pt',
  'am',
];
