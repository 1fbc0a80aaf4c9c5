// Honours a person can be put forward for at year end (评优推荐).
export const HONOURS = ["廉洁标兵", "优秀共产党员", "纪律作风建设先进个人", "优秀党务工作者"] as const;
