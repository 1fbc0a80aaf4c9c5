// Records, the personal integrity file and oversight (completion, bulletins, exports).
export const records = {
  records: {
    title: "我的学习记录",
    empty: "还没有记录。完成课时或练习后，记录会出现在这里。",
    when: "时间",
    what: "内容",
    result: "结果",
    verbs: {
      completed: "完成",
      answered: "作答",
      passed: "通过",
      failed: "未通过",
      attended: "参加",
      signed: "签署",
      submitted: "提交",
      approved: "通过审核",
      filed: "归档",
      closed: "销号",
      voided: "更正",
    } as Record<string, string>,
  },
  file: {
    title: "个人廉政档案",
    timeline: "全部记录",
    pdf: "下载 PDF",
    xapi: "导出 xAPI",
  },
  oversight: {
    title: "完成情况",
    bulletin: "通报",
  },
};
