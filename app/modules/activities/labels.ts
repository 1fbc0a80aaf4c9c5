// Activity vocabulary shared by server and browser.
export const WORK_KINDS_LABEL: Record<string, string> = { lecture: "微党课•我来讲", calligraphy: "廉政字画", constitution: "手抄党章" };
export const WORK_STATUS_LABEL: Record<string, string> = { submitted: "待审核", returned: "已退回修改", approved: "已通过" };
export const WORK_ACCEPT = "video/*,audio/*,image/*,.pdf,.pptx";
export const AUDIENCE_LABEL: Record<string, string> = { "all-staff": "全体干部职工", leaders: "领导干部" };
