/**
 * What a woman may type, in each supported language other than English, for each shipped term
 * (taxonomies.ts), and the English words it is searched as: its "English twin".
 *
 * `name` is the term's name in that language, exactly as the page shows it
 * (locales/<lang>/directory-public.json findSupport.terms.<code>; a test keeps them equal). It is
 * searched as the term's English name, so it finds the same services.
 *
 * `words` are other things she may type: [phrase, english?]. Without `english`, a phrase is searched
 * as the term's English name. With it, `english` must be made of words of that English name (a test
 * checks), so every service carrying the term is found whatever its own text says (search documents
 * hold their terms' names), plus services whose own text uses those words — exactly what the same
 * English words find. Written without the article "ال" and in one spelling: search/arabic.ts folds
 * articles, prefixes (و ب ل ف ك), hamza forms, ta marbuta and alef maqsura before comparing.
 */
export interface TermWords {
  name: string;
  words: readonly (readonly [phrase: string, english?: string])[];
}

export const arabicTermWords: Record<string, TermWords> = {
  'substance-use': {
    name: 'تعاطي المخدرات والكحول',
    words: [['مخدرات'], ['مخدر'], ['كحول'], ['كحوليات'], ['خمر'], ['إدمان'], ['مدمنة'], ['تعاطي']],
  },
  'mental-health': {
    name: 'الصحة النفسية',
    words: [
      ['نفسية', 'mental'],
      ['نفسي', 'mental'],
      ['الصحة العقلية'],
      ['اكتئاب'],
      ['قلق'],
      ['صدمة'],
      ['صدمات'],
      ['علاج نفسي'],
      ['دعم نفسي'],
      ['استشارة نفسية'],
    ],
  },
  homelessness: {
    name: 'السكن والتشرد',
    words: [
      ['سكن', 'housing'],
      ['إسكان', 'housing'],
      ['مسكن', 'housing'],
      ['منزل', 'housing'],
      ['بيت', 'housing'],
      ['شقة', 'housing'],
      ['إيجار', 'housing'],
      ['مأوى'],
      ['ملجأ'],
      ['إيواء'],
      ['سكن طارئ'],
      ['تشرد', 'homelessness'],
      ['مشرد', 'homelessness'],
      ['مشردة', 'homelessness'],
      ['بلا مأوى', 'homelessness'],
      ['بدون مأوى', 'homelessness'],
      ['بلا مسكن', 'homelessness'],
    ],
  },
  offending: {
    name: 'المخالفات ونظام العدالة',
    words: [
      ['مخالفات', 'offending'],
      ['مخالفة', 'offending'],
      ['جريمة', 'offending'],
      ['جرائم', 'offending'],
      ['عدالة', 'justice'],
      ['قضاء', 'justice'],
      ['سجن'],
      ['شرطة'],
      ['محكمة'],
      ['محاكم'],
      ['مراقبة قضائية'],
    ],
  },
  'complex-needs': {
    name: 'الاحتياجات المعقدة',
    words: [['احتياجات متعددة'], ['مشاكل متعددة'], ['مشكلات متعددة']],
  },
  'domestic-abuse': {
    name: 'العنف الأسري والعنف الجنسي',
    words: [
      ['عنف أسري', 'domestic abuse'],
      ['عنف منزلي', 'domestic abuse'],
      ['عنف زوجي', 'domestic abuse'],
      ['عنف جنسي', 'sexual violence'],
      ['اعتداء جنسي', 'sexual violence'],
      ['اغتصاب', 'sexual violence'],
      ['تحرش', 'sexual violence'],
      ['عنف', 'violence'],
      ['إساءة', 'abuse'],
      ['تعنيف', 'abuse'],
      ['زواج قسري'],
      ['ختان الإناث'],
      ['ختان'],
      ['اتجار بالبشر'],
      ['اتجار'],
    ],
  },
  'immigration-advice': {
    name: 'استشارات الهجرة',
    words: [
      ['هجرة', 'immigration'],
      ['مهاجرة', 'immigration'],
      ['مهاجرين', 'immigration'],
      ['إقامة', 'immigration'],
      ['تأشيرة', 'immigration'],
      ['فيزا', 'immigration'],
      ['استشارة', 'advice'],
      ['استشارات', 'advice'],
      ['محامي هجرة'],
    ],
  },
  employment: {
    name: 'العمل',
    words: [
      ['عمل', 'employment'],
      ['وظيفة'],
      ['وظائف'],
      ['توظيف'],
      ['شغل'],
      ['بحث عن عمل'],
      ['سيرة ذاتية'],
      ['مقابلة عمل'],
      ['تطوع'],
    ],
  },
  'english-esol': {
    name: 'اللغة الإنجليزية (ESOL)',
    words: [
      ['إنجليزي', 'english'],
      ['إنجليزية', 'english'],
      ['إنكليزي', 'english'],
      ['إنكليزية', 'english'],
      ['إنقليزي', 'english'],
      ['لغة إنجليزية'],
      ['لغة إنكليزية'],
      ['دروس إنجليزي'],
    ],
  },
  'money-benefits': {
    name: 'المال والإعانات',
    words: [
      ['مال', 'money'],
      ['نقود', 'money'],
      ['فلوس', 'money'],
      ['إعانات', 'benefits'],
      ['إعانة', 'benefits'],
      ['معونة', 'benefits'],
      ['ضمان اجتماعي', 'benefits'],
      ['مساعدات مالية'],
      ['ديون'],
      ['دين'],
      ['فواتير'],
      ['ميزانية'],
      ['منحة'],
    ],
  },
  health: {
    name: 'الصحة',
    words: [
      ['صحة', 'health'],
      ['طبيب', 'health'],
      ['طبيبة', 'health'],
      ['طبيب عام', 'health'],
      ['مستشفى', 'health'],
      ['علاج', 'health'],
      ['دواء', 'health'],
      ['صحة جنسية', 'health'],
      ['صحة إنجابية', 'health'],
    ],
  },
  maternity: {
    name: 'الأمومة',
    words: [
      ['أمومة', 'maternity'],
      ['حمل', 'maternity'],
      ['ولادة', 'maternity'],
      ['قابلة', 'maternity'],
      ['دولا', 'maternity'],
      ['رضاعة', 'maternity'],
      ['رضيع', 'maternity'],
      ['مولود', 'maternity'],
    ],
  },
  family: {
    name: 'الأسرة',
    words: [
      ['أسرة', 'family'],
      ['عائلة', 'family'],
      ['أطفال', 'family'],
      ['طفل', 'family'],
      ['أولاد', 'family'],
      ['حضانة', 'family'],
      ['رعاية أطفال', 'family'],
      ['تربية', 'family'],
      ['لم شمل', 'family'],
    ],
  },
  education: {
    name: 'التعليم',
    words: [
      ['تعليم', 'education'],
      ['دراسة', 'education'],
      ['دورة', 'education'],
      ['دورات', 'education'],
      ['تدريب', 'education'],
      ['مؤهلات', 'education'],
      ['شهادات', 'education'],
      ['جامعة', 'education'],
      ['كلية', 'education'],
    ],
  },
  community: {
    name: 'المجتمع',
    words: [
      ['مجتمع', 'community'],
      ['جالية', 'community'],
      ['مجموعات', 'community'],
      ['أنشطة', 'community'],
      ['صداقة', 'community'],
      ['عزلة', 'community'],
    ],
  },
  'women-only': {
    name: 'للنساء فقط',
    words: [
      ['نساء', 'women'],
      ['نسائي', 'women'],
      ['نسائية', 'women'],
      ['امرأة', 'women'],
      ['مرأة', 'women'],
      ['سيدات', 'women'],
    ],
  },
  'black-minoritised-women': {
    name: 'النساء السود ونساء الأقليات',
    words: [
      ['سود', 'black'],
      ['سوداء', 'black'],
      ['سوداوات', 'black'],
      ['أقليات', 'minoritised'],
      ['أقلية', 'minoritised'],
      ['أقليات عرقية', 'minoritised'],
    ],
  },
  'refugees-asylum-seekers': {
    name: 'اللاجئات وطالبات اللجوء',
    words: [
      ['لاجئة', 'refugees'],
      ['لاجئات', 'refugees'],
      ['لاجئ', 'refugees'],
      ['لاجئين', 'refugees'],
      ['لاجئون', 'refugees'],
      ['لجوء', 'asylum'],
      ['طالبة لجوء', 'asylum seekers'],
      ['طالبات لجوء', 'asylum seekers'],
      ['طالبي لجوء', 'asylum seekers'],
    ],
  },
  lbtqi: {
    name: 'نساء مجتمع الميم',
    words: [
      ['مجتمع الميم', 'lbtqi'],
      ['مثلية', 'lbtqi'],
      ['مثليات', 'lbtqi'],
      ['عابرة', 'lbtqi'],
      ['عابرات', 'lbtqi'],
      ['متحولة', 'lbtqi'],
      ['كوير', 'lbtqi'],
    ],
  },
  'disabled-women': {
    name: 'النساء ذوات الإعاقة',
    words: [
      ['إعاقة', 'disabled'],
      ['معاقة', 'disabled'],
      ['ذوات الإعاقة', 'disabled'],
      ['احتياجات خاصة', 'disabled'],
      ['صماء', 'disabled'],
      ['كفيفة', 'disabled'],
      ['صعوبات التعلم', 'disabled'],
    ],
  },
  'pregnant-new-mothers': {
    name: 'الحوامل والأمهات الجدد',
    words: [
      ['حامل', 'pregnant'],
      ['حوامل', 'pregnant'],
      ['أمهات جدد', 'new mothers'],
      ['أم جديدة', 'new mothers'],
      ['أمهات', 'mothers'],
    ],
  },
  'young-women': {
    name: 'الشابات',
    words: [['شابة'], ['شابات'], ['فتاة'], ['فتيات'], ['مراهقة'], ['مراهقات']],
  },
  'drop-in': { name: 'بدون موعد', words: [['دون موعد']] },
  appointment: { name: 'بموعد مسبق', words: [['موعد', 'appointment']] },
  outreach: { name: 'زيارات ميدانية', words: [['زيارة منزلية']] },
  online: { name: 'عبر الإنترنت', words: [['إنترنت'], ['أونلاين']] },
  phone: {
    name: 'عبر الهاتف',
    words: [
      ['هاتف', 'phone'],
      ['تلفون', 'phone'],
      ['تليفون', 'phone'],
    ],
  },
  'women-only-space': { name: 'مكان مخصص للنساء فقط', words: [] },
};
