// Problem screening: portrait, ledger, risk points, self-inspection, year-end.
export const screening = {
  screening: {
    title: "问题排查与整改",
  },
};
