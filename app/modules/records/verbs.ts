// xAPI verb IRIs for the record store's verbs (shared by server and browser).
export const VERBS = {
  completed: "http://adlnet.gov/expapi/verbs/completed",
  answered: "http://adlnet.gov/expapi/verbs/answered",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  failed: "http://adlnet.gov/expapi/verbs/failed",
  attended: "http://adlnet.gov/expapi/verbs/attended",
  signed: "https://qingfeng.local/xapi/verbs/signed",
  submitted: "https://qingfeng.local/xapi/verbs/submitted",
  approved: "https://qingfeng.local/xapi/verbs/approved",
  filed: "https://qingfeng.local/xapi/verbs/filed",
  closed: "https://qingfeng.local/xapi/verbs/closed",
  reopened: "https://qingfeng.local/xapi/verbs/reopened",
  voided: "http://adlnet.gov/expapi/verbs/voided",
} as const;
export type Verb = keyof typeof VERBS;
