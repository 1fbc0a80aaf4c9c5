// Works, pledges, writings, discussions and the "seven ones".
export const activities = {
  activities: {
    title: "廉洁实践",
    sevenOnes: "“七个一”清单",
    works: "我的作品",
    writings: "寄语与心得",
    discussions: "专题讨论",
    pledge: "廉政承诺",
    review: "作品审核",
    showcase: "典型带动",
  },
};
