/**
 * Japan's central government as a demo: the National Cybersecurity Office (国家サイバー統括室, NISC's
 * successor since July 2025), the ministries and agencies (府省庁), and real independent administrative
 * agencies (独立行政法人等) under their real supervising ministries.
 */
export interface DemoBody {
  slug: string;
  nameJa: string;
  nameEn: string;
  parent?: string;
  reviewMode?: boolean;
  /** Its usual abbreviations, which anonymised shares hide with its names and slug. */
  aliases?: string[];
}

export const demoCenter: DemoBody = {
  slug: 'nco',
  nameJa: '国家サイバー統括室',
  nameEn: 'National Cybersecurity Office',
  aliases: ['NCO', 'サイバー統括室'],
};

export const demoMinistries: DemoBody[] = [
  { slug: 'cas', nameJa: '内閣官房', nameEn: 'Cabinet Secretariat', aliases: ['CAS'] },
  { slug: 'cao', nameJa: '内閣府', nameEn: 'Cabinet Office', aliases: ['CAO'] },
  { slug: 'digital', nameJa: 'デジタル庁', nameEn: 'Digital Agency', aliases: ['デジ庁'] },
  { slug: 'reconstruction', nameJa: '復興庁', nameEn: 'Reconstruction Agency' },
  { slug: 'kunaicho', nameJa: '宮内庁', nameEn: 'Imperial Household Agency', aliases: ['IHA'] },
  {
    slug: 'jftc',
    nameJa: '公正取引委員会',
    nameEn: 'Japan Fair Trade Commission',
    aliases: ['JFTC', '公取委'],
  },
  { slug: 'npa', nameJa: '警察庁', nameEn: 'National Police Agency', aliases: ['NPA'] },
  {
    slug: 'ppc',
    nameJa: '個人情報保護委員会',
    nameEn: 'Personal Information Protection Commission',
    aliases: ['PPC', '個情委'],
  },
  {
    slug: 'jcrc',
    nameJa: 'カジノ管理委員会',
    nameEn: 'Japan Casino Regulatory Commission',
    aliases: ['JCRC', 'カジノ委'],
  },
  { slug: 'fsa', nameJa: '金融庁', nameEn: 'Financial Services Agency', aliases: ['FSA'] },
  { slug: 'caa', nameJa: '消費者庁', nameEn: 'Consumer Affairs Agency', aliases: ['CAA'] },
  {
    slug: 'cfa',
    nameJa: 'こども家庭庁',
    nameEn: 'Children and Families Agency',
    aliases: ['CFA', 'こども庁'],
  },
  {
    slug: 'mic',
    nameJa: '総務省',
    nameEn: 'Ministry of Internal Affairs and Communications',
    aliases: ['MIC'],
  },
  { slug: 'moj', nameJa: '法務省', nameEn: 'Ministry of Justice', aliases: ['MOJ'] },
  { slug: 'mofa', nameJa: '外務省', nameEn: 'Ministry of Foreign Affairs', aliases: ['MOFA'] },
  { slug: 'mof', nameJa: '財務省', nameEn: 'Ministry of Finance', aliases: ['MOF'] },
  {
    slug: 'mext',
    nameJa: '文部科学省',
    nameEn: 'Ministry of Education, Culture, Sports, Science and Technology',
    reviewMode: true,
    aliases: ['MEXT', '文科省'],
  },
  {
    slug: 'mhlw',
    nameJa: '厚生労働省',
    nameEn: 'Ministry of Health, Labour and Welfare',
    aliases: ['MHLW', '厚労省'],
  },
  {
    slug: 'maff',
    nameJa: '農林水産省',
    nameEn: 'Ministry of Agriculture, Forestry and Fisheries',
    aliases: ['MAFF', '農水省'],
  },
  {
    slug: 'meti',
    nameJa: '経済産業省',
    nameEn: 'Ministry of Economy, Trade and Industry',
    aliases: ['METI', '経産省'],
  },
  {
    slug: 'mlit',
    nameJa: '国土交通省',
    nameEn: 'Ministry of Land, Infrastructure, Transport and Tourism',
    aliases: ['MLIT', '国交省'],
  },
  { slug: 'env', nameJa: '環境省', nameEn: 'Ministry of the Environment', aliases: ['MOE', 'MOEJ'] },
  { slug: 'mod', nameJa: '防衛省', nameEn: 'Ministry of Defense', aliases: ['MOD', 'JMOD'] },
];

export const demoAgencies: DemoBody[] = [
  {
    slug: 'ipa',
    parent: 'meti',
    nameJa: '独立行政法人情報処理推進機構',
    nameEn: 'Information-technology Promotion Agency (IPA)',
    aliases: ['IPA', '情報処理推進機構'],
  },
  {
    slug: 'aist',
    parent: 'meti',
    nameJa: '国立研究開発法人産業技術総合研究所',
    nameEn: 'National Institute of Advanced Industrial Science and Technology (AIST)',
    aliases: ['AIST', '産総研'],
  },
  {
    slug: 'jetro',
    parent: 'meti',
    nameJa: '独立行政法人日本貿易振興機構',
    nameEn: 'Japan External Trade Organization (JETRO)',
    aliases: ['JETRO', 'ジェトロ'],
  },
  {
    slug: 'nict',
    parent: 'mic',
    nameJa: '国立研究開発法人情報通信研究機構',
    nameEn: 'National Institute of Information and Communications Technology (NICT)',
    aliases: ['NICT', '情報通信研究機構'],
  },
  {
    slug: 'nstac',
    parent: 'mic',
    nameJa: '独立行政法人統計センター',
    nameEn: 'National Statistics Center',
    aliases: ['統計センター'],
  },
  {
    slug: 'jaxa',
    parent: 'mext',
    nameJa: '国立研究開発法人宇宙航空研究開発機構',
    nameEn: 'Japan Aerospace Exploration Agency (JAXA)',
    aliases: ['JAXA', '宇宙航空研究開発機構'],
  },
  {
    slug: 'riken',
    parent: 'mext',
    nameJa: '国立研究開発法人理化学研究所',
    nameEn: 'RIKEN',
    aliases: ['理研'],
  },
  {
    slug: 'jasso',
    parent: 'mext',
    nameJa: '独立行政法人日本学生支援機構',
    nameEn: 'Japan Student Services Organization (JASSO)',
    aliases: ['JASSO', '日本学生支援機構'],
  },
  {
    slug: 'nho',
    parent: 'mhlw',
    nameJa: '独立行政法人国立病院機構',
    nameEn: 'National Hospital Organization',
    aliases: ['NHO', '国立病院機構'],
  },
  {
    slug: 'jeed',
    parent: 'mhlw',
    nameJa: '独立行政法人高齢・障害・求職者雇用支援機構',
    nameEn:
      'Japan Organization for Employment of the Elderly, Persons with Disabilities and Job Seekers (JEED)',
    aliases: ['JEED'],
  },
  {
    slug: 'jica',
    parent: 'mofa',
    nameJa: '独立行政法人国際協力機構',
    nameEn: 'Japan International Cooperation Agency (JICA)',
    aliases: ['JICA', '国際協力機構'],
  },
  {
    slug: 'jpf',
    parent: 'mofa',
    nameJa: '独立行政法人国際交流基金',
    nameEn: 'The Japan Foundation',
    aliases: ['国際交流基金'],
  },
  {
    slug: 'npb',
    parent: 'mof',
    nameJa: '独立行政法人国立印刷局',
    nameEn: 'National Printing Bureau',
    aliases: ['印刷局'],
  },
  { slug: 'mint', parent: 'mof', nameJa: '独立行政法人造幣局', nameEn: 'Japan Mint', aliases: ['造幣局'] },
  {
    slug: 'naro',
    parent: 'maff',
    nameJa: '国立研究開発法人農業・食品産業技術総合研究機構',
    nameEn: 'National Agriculture and Food Research Organization (NARO)',
    aliases: ['NARO', '農研機構'],
  },
  {
    slug: 'ur',
    parent: 'mlit',
    nameJa: '独立行政法人都市再生機構',
    nameEn: 'Urban Renaissance Agency (UR)',
    aliases: ['UR', 'UR都市機構'],
  },
  {
    slug: 'nies',
    parent: 'env',
    nameJa: '国立研究開発法人国立環境研究所',
    nameEn: 'National Institute for Environmental Studies (NIES)',
    aliases: ['NIES', '国環研'],
  },
  {
    slug: 'kokusen',
    parent: 'caa',
    nameJa: '独立行政法人国民生活センター',
    nameEn: 'National Consumer Affairs Center of Japan',
    aliases: ['国民生活センター', '国セン'],
  },
];

export const DEMO_PASSWORD = 'renraku-demo-2026';
export const demoEmail = (role: string, slug: string) => `${role}@${slug}.demo.renraku.example`;
