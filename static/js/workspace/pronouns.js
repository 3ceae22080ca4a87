// A pronoun chosen as a speaker ("She" + s) is recorded as a pronoun and resolved to the
// entity it stands for; this offers that entity: the nearest mention before it of a kind the
// pronoun can stand for, skipping people whose title says the other gender.

const PEOPLE = ["PERSON"];
const GROUPS = ["ORG", "NORP", "GPE", "PERSON"];
export const PRONOUNS = {
  he: PEOPLE, him: PEOPLE, she: PEOPLE, her: PEOPLE, i: PEOPLE,
  they: GROUPS, them: GROUPS, we: GROUPS, it: ["ORG", "GPE"],
};
const MALE = new Set(["he", "him"]);
const FEMALE = new Set(["she", "her"]);
const MALE_TITLES = /\b(Mr|Sir|Lord|King|Prince|Father|Brother)\.?\s*$/;
const FEMALE_TITLES = /\b(Mrs|Ms|Miss|Dame|Lady|Queen|Princess|Sister)\.?\s*$/;

export function isPronoun(word) {
  return Object.hasOwn(PRONOUNS, word.trim().toLowerCase());
}

// The mention the pronoun at [start, end) most likely stands for, or null. `mentions` are
// the article's mentions; `slice(a, b)` reads the text.
export function antecedentOf({ word, start, mentions, slice }) {
  const pronoun = word.trim().toLowerCase();
  const labels = PRONOUNS[pronoun];
  if (!labels) return null;
  const before = [...mentions].filter((m) => m.end <= start && m.entity != null && labels.includes(m.label));
  before.sort((a, b) => b.end - a.end);
  for (const mention of before) {
    const title = slice(Math.max(0, mention.start - 12), mention.start);
    if (MALE.has(pronoun) && FEMALE_TITLES.test(title)) continue;
    if (FEMALE.has(pronoun) && MALE_TITLES.test(title)) continue;
    return mention;
  }
  return null;
}
