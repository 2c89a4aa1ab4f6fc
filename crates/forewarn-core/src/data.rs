//! The data files compiled into the binary: content-label lexicons, signal lexicons, the
//! taxonomy, the calibration and the AO3 tag synonyms. Each is parsed by tests beside its
//! parser.

/// Content-label lexicons: (label id, file text).
pub const LEXICONS: &[(&str, &str)] = &[
    ("abduction", include_str!("../data/lexicon/abduction.txt")),
    ("ableism", include_str!("../data/lexicon/ableism.txt")),
    ("abortion", include_str!("../data/lexicon/abortion.txt")),
    ("abuse", include_str!("../data/lexicon/abuse.txt")),
    ("animal-cruelty", include_str!("../data/lexicon/animal-cruelty.txt")),
    ("animal-death", include_str!("../data/lexicon/animal-death.txt")),
    ("blood", include_str!("../data/lexicon/blood.txt")),
    ("body-hatred", include_str!("../data/lexicon/body-hatred.txt")),
    ("child-abuse", include_str!("../data/lexicon/child-abuse.txt")),
    ("childbirth", include_str!("../data/lexicon/childbirth.txt")),
    ("classism", include_str!("../data/lexicon/classism.txt")),
    ("death", include_str!("../data/lexicon/death.txt")),
    ("dissection", include_str!("../data/lexicon/dissection.txt")),
    ("dying", include_str!("../data/lexicon/dying.txt")),
    ("eating-disorders", include_str!("../data/lexicon/eating-disorders.txt")),
    ("fat-phobia", include_str!("../data/lexicon/fat-phobia.txt")),
    ("homophobia", include_str!("../data/lexicon/homophobia.txt")),
    ("incest", include_str!("../data/lexicon/incest.txt")),
    ("kidnapping", include_str!("../data/lexicon/kidnapping.txt")),
    ("mental-illness", include_str!("../data/lexicon/mental-illness.txt")),
    ("miscarriages", include_str!("../data/lexicon/miscarriages.txt")),
    ("misogyny", include_str!("../data/lexicon/misogyny.txt")),
    ("pornographic-content", include_str!("../data/lexicon/pornographic-content.txt")),
    ("pregnancy", include_str!("../data/lexicon/pregnancy.txt")),
    ("racism", include_str!("../data/lexicon/racism.txt")),
    ("self-harm", include_str!("../data/lexicon/self-harm.txt")),
    ("sexism", include_str!("../data/lexicon/sexism.txt")),
    ("sexual-assault", include_str!("../data/lexicon/sexual-assault.txt")),
    ("suicide", include_str!("../data/lexicon/suicide.txt")),
    ("transphobia", include_str!("../data/lexicon/transphobia.txt")),
    ("underage", include_str!("../data/lexicon/underage.txt")),
    ("violence", include_str!("../data/lexicon/violence.txt")),
    ("war", include_str!("../data/lexicon/war.txt")),
    ("torture", include_str!("../data/lexicon/torture.txt")),
    ("substance-abuse", include_str!("../data/lexicon/substance-abuse.txt")),
    ("stalking", include_str!("../data/lexicon/stalking.txt")),
    ("infidelity", include_str!("../data/lexicon/infidelity.txt")),
];

/// Signal lexicons: (signal name, file text).
pub const SIGNALS: &[(&str, &str)] = &[
    ("adult", include_str!("../data/signals/adult.txt")),
    ("age", include_str!("../data/signals/age.txt")),
    ("backstory", include_str!("../data/signals/backstory.txt")),
    ("bedroom", include_str!("../data/signals/bedroom.txt")),
    ("consent", include_str!("../data/signals/consent.txt")),
    ("continuation", include_str!("../data/signals/continuation.txt")),
    ("force", include_str!("../data/signals/force.txt")),
    ("frame", include_str!("../data/signals/frame.txt")),
    ("game", include_str!("../data/signals/game.txt")),
    ("gore", include_str!("../data/signals/gore.txt")),
    ("honour", include_str!("../data/signals/honour.txt")),
    ("idioms", include_str!("../data/signals/idioms.txt")),
    ("incapacitation", include_str!("../data/signals/incapacitation.txt")),
    ("laughter", include_str!("../data/signals/laughter.txt")),
    ("narrated_refusal", include_str!("../data/signals/narrated_refusal.txt")),
    ("profanity", include_str!("../data/signals/profanity.txt")),
    ("refusal", include_str!("../data/signals/refusal.txt")),
    ("reversal", include_str!("../data/signals/reversal.txt")),
    ("safeword", include_str!("../data/signals/safeword.txt")),
    ("sexual", include_str!("../data/signals/sexual.txt")),
];

/// The label taxonomy.
pub const TAXONOMY: &str = include_str!("../data/taxonomy.json");

/// Calibration fitted by `forewarn calibrate` (see README).
pub const CALIBRATION: &str = include_str!("../data/calibration.json");

/// Given names (`name f|m|fm [word]`, parsed by `signals::characters`): the sex each is given
/// to, and whether it is also a common English word. Source and regeneration in its header.
pub const GIVEN_NAMES: &str = include_str!("../data/names/given.txt");

/// AO3 tag synonyms: `tag<TAB>labels`, one AO3 freeform or warning tag as AO3 writes it
/// and the comma-separated label ids it covers (parsed by [`crate::check::labels_for_tag`]).
pub const AO3_TAGS: &str = include_str!("../data/ao3_tags.tsv");

/// Exemplar banks for the semantic heads: (label id, file text). Format in
/// `data/exemplars/README.md`; parsed by [`exemplars`].
pub const EXEMPLARS: &[(&str, &str)] = &[
    ("abduction", include_str!("../data/exemplars/abduction.txt")),
    ("ableism", include_str!("../data/exemplars/ableism.txt")),
    ("abortion", include_str!("../data/exemplars/abortion.txt")),
    ("abuse", include_str!("../data/exemplars/abuse.txt")),
    ("animal-cruelty", include_str!("../data/exemplars/animal-cruelty.txt")),
    ("animal-death", include_str!("../data/exemplars/animal-death.txt")),
    ("blood", include_str!("../data/exemplars/blood.txt")),
    ("body-hatred", include_str!("../data/exemplars/body-hatred.txt")),
    ("child-abuse", include_str!("../data/exemplars/child-abuse.txt")),
    ("childbirth", include_str!("../data/exemplars/childbirth.txt")),
    ("classism", include_str!("../data/exemplars/classism.txt")),
    ("death", include_str!("../data/exemplars/death.txt")),
    ("dissection", include_str!("../data/exemplars/dissection.txt")),
    ("dying", include_str!("../data/exemplars/dying.txt")),
    ("eating-disorders", include_str!("../data/exemplars/eating-disorders.txt")),
    ("fat-phobia", include_str!("../data/exemplars/fat-phobia.txt")),
    ("graphic-violence", include_str!("../data/exemplars/graphic-violence.txt")),
    ("homophobia", include_str!("../data/exemplars/homophobia.txt")),
    ("incest", include_str!("../data/exemplars/incest.txt")),
    ("kidnapping", include_str!("../data/exemplars/kidnapping.txt")),
    ("major-character-death", include_str!("../data/exemplars/major-character-death.txt")),
    ("mental-illness", include_str!("../data/exemplars/mental-illness.txt")),
    ("miscarriages", include_str!("../data/exemplars/miscarriages.txt")),
    ("misogyny", include_str!("../data/exemplars/misogyny.txt")),
    ("pornographic-content", include_str!("../data/exemplars/pornographic-content.txt")),
    ("pregnancy", include_str!("../data/exemplars/pregnancy.txt")),
    ("racism", include_str!("../data/exemplars/racism.txt")),
    ("rape-non-con", include_str!("../data/exemplars/rape-non-con.txt")),
    ("self-harm", include_str!("../data/exemplars/self-harm.txt")),
    ("sexism", include_str!("../data/exemplars/sexism.txt")),
    ("sexual-assault", include_str!("../data/exemplars/sexual-assault.txt")),
    ("suicide", include_str!("../data/exemplars/suicide.txt")),
    ("transphobia", include_str!("../data/exemplars/transphobia.txt")),
    ("underage-sex", include_str!("../data/exemplars/underage-sex.txt")),
    ("underage", include_str!("../data/exemplars/underage.txt")),
    ("violence", include_str!("../data/exemplars/violence.txt")),
    ("war", include_str!("../data/exemplars/war.txt")),
    ("torture", include_str!("../data/exemplars/torture.txt")),
    ("substance-abuse", include_str!("../data/exemplars/substance-abuse.txt")),
    ("stalking", include_str!("../data/exemplars/stalking.txt")),
    ("infidelity", include_str!("../data/exemplars/infidelity.txt")),
];

/// The semantic heads, made by `forewarn train`.
pub const HEADS: &str = include_str!("../data/heads.json");

/// What an exemplar is an example of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExemplarKind {
    /// The bank's label is present (`+ text`).
    Present,
    /// No label's content (`- text`): a hard negative for the bank's label (it shares the
    /// label's words or surface) and a negative for every other label too.
    Absent,
    /// A near miss for the bank's label only (`~ text`): a whole scene that shares the
    /// label's surface but may well hold another label's content (a mugging is a near miss
    /// for Rape/Non-Con, and violence), so other labels do not learn from it.
    NearMiss,
}

/// The exemplars of one bank: (kind, text). `+ text` is present, `- text` absent, `~ text` a
/// near miss for this bank's label only; blank lines and `#` comments are skipped.
pub fn exemplars(bank: &str) -> Vec<(ExemplarKind, &str)> {
    bank.lines()
        .filter_map(|line| {
            let kind = match line.get(..2)? {
                "+ " => ExemplarKind::Present,
                "- " => ExemplarKind::Absent,
                "~ " => ExemplarKind::NearMiss,
                _ => return None,
            };
            Some((kind, line[2..].trim()))
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exemplar_line_has_a_kind() {
        let bank = "# a: comment\n+ present\n\n- absent\n~ a near miss\nstray line\n";
        let kinds: Vec<ExemplarKind> = exemplars(bank).into_iter().map(|(kind, _)| kind).collect();
        assert_eq!(kinds, [ExemplarKind::Present, ExemplarKind::Absent, ExemplarKind::NearMiss]);
        for (id, bank) in EXEMPLARS {
            let lines = bank.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count();
            assert_eq!(exemplars(bank).len(), lines, "{id}: a line that is no exemplar");
        }
    }
}
