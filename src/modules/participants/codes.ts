/** The fixed lists her record uses; each code has a label under participants.codes.<list>.<code>. */
export const contactMethods = ['phone', 'sms', 'email', 'whatsapp', 'in_person'] as const;
export const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** ESOL levels, then the CEFR levels. */
export const englishLevels = [
  'pre_entry',
  'entry_1',
  'entry_2',
  'entry_3',
  'level_1',
  'level_2',
  'a1',
  'a2',
  'b1',
  'b2',
  'c1',
  'c2',
] as const;
export const statusReasons = {
  paused: ['her_choice', 'health', 'caring', 'out_of_area_for_now', 'not_in_touch', 'other'],
  moved_on: ['work', 'study', 'support_complete', 'moved_area', 'other_service', 'her_choice', 'other'],
  active: ['re_engaged', 'registered'],
} as const;
export const immigrationStatuses = [
  'british_or_irish',
  'eu_settled',
  'eu_pre_settled',
  'indefinite_leave',
  'refugee',
  'humanitarian_protection',
  'asylum_seeker',
  'ukraine_scheme',
  'hong_kong_bno',
  'family_visa',
  'work_or_study_visa',
  'other',
  'not_known',
  'prefer_not_to_say',
] as const;
export const rightToWorkMethods = [
  'online_share_code',
  'employer_checking_service',
  'document_check',
] as const;
export const rightToWorkOutcomes = [
  'unlimited',
  'time_limited',
  'restricted',
  'no_right_to_work',
  'pending',
] as const;
export const enicLevels = [
  'rqf_1',
  'rqf_2',
  'rqf_3',
  'rqf_4',
  'rqf_5',
  'rqf_6',
  'rqf_7',
  'rqf_8',
  'applied',
  'not_assessed',
] as const;
export const workKinds = ['paid', 'voluntary', 'self_employed', 'caring'] as const;

export interface RightToWorkCheck {
  checkedOn: string;
  method: (typeof rightToWorkMethods)[number];
  outcome: (typeof rightToWorkOutcomes)[number];
  recheckOn: string | null;
}
