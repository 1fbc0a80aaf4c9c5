// Assignments, progress and offline sessions.
export const learning = {
  assign: {
    title: "任务布置",
    confirmWithdraw: "撤回后，该任务不再出现在“我的任务”中；已完成的学习和记录都会保留。确定撤回吗？",
  },
  sessions: {
    title: "线下活动",
    manage: "活动管理",
    checkIn: "确认签到",
    attended: "已签到",
  },
};
