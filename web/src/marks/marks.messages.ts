// Messages of the marks of exercise data (訓練): the banner of every screen showing it, and the thin banner of
// every screen while an exercise situation the user's body takes part in is open.

export const ja = {
  'marks.exercise.banner': '【訓練】この画面は訓練のデータです',
  'marks.exercise.which': '訓練 {number} {name}',
  'marks.exercise.open': '【訓練】実施中の訓練があります：{number} {name}',
  'marks.exercise.openMore': '（ほか{n}件）',
  'marks.exercise.label': '訓練の表示',
};

export const en: Record<keyof typeof ja, string> = {
  'marks.exercise.banner': '[EXERCISE] This screen shows exercise data',
  'marks.exercise.which': 'Exercise {number} {name}',
  'marks.exercise.open': '[EXERCISE] An exercise is under way: {number} {name}',
  'marks.exercise.openMore': '(and {n} more)',
  'marks.exercise.label': 'Exercise notice',
};
