//! Death detector: death events, their subject, and reversals.
//!
//! What it detects: a sentence where a death happens (a strong `death` cue that is not
//! negated, hypothetical, figurative, inside a game, a bare noun, after a modal — "would
//! die", "would have died" — or a subjunctive — "better she were dead" — or said of a thing —
//! "his laughter had died"), whether its deaths are all nouns ("the death of Sir Charles":
//! talked about, not happening), and who dies:
//! - the name right after a transitive verb or a noun of dying ("killed Arlo", "the death
//!   of Arlo"), or owning the noun ("Arlo's death");
//! - nobody named, when an active verb of killing has another object ("Flint killed 'em":
//!   Flint is the killer) or a noun of dying is neither owned nor followed by a name ("the
//!   attempt upon Sir Henry ended in the death of the convict");
//! - else the nearest name before the cue ("Arlo died"), unless a word nearer the cue
//!   means someone else: a pronoun after an unnamed person ("Ellen struck the stranger until
//!   he stopped moving") or of the other gender (Ellen being "she" elsewhere), a relation
//!   ("Ellen's mother died"), the
//!   narrator ("Ellen held me as I died"), a group ("they") or the noun after "dead" ("two
//!   dead foxes");
//! - else, for "he", "she" or "my wife", the latest name before it whose gender fits.
//!
//! Reversals ("revived", "heart started again", "it was a dream") come from `reversal.txt`.
//!
//! Why: Major Character Death needs a prominent named character who dies and does not come
//! back; an unnamed guard's death is `death` only.
//!
//! Example: "The guard died instantly." is a death event with no named subject.
//!
//! Limitations: subjects are resolved by position and pronoun gender, not parsing; "X
//! watched Y die" picks Y only when Y is nearer the cue; a name with unknown gender fits
//! any pronoun.

use super::characters::{Cast, Gender};
use super::lexical::{in_a_name, thing_object, thing_subject, PREPOSITIONS};
use super::Cue;
use super::{SentenceSignals, SentenceView};
use crate::lexicon::Token;

/// Words between a subject and its death ("she had finally died").
const AUXILIARIES: &[&str] = &[
    "had", "has", "have", "was", "were", "is", "are", "been", "be", "would", "will", "did", "could", "all", "both",
    "finally", "just", "then", "soon", "nearly", "almost", "already", "went", "gone",
];

/// Subjects of "died" that are not alive beside the [`super::lexical::THINGS`] ("the line went
/// dead", "the day died"), and body parts that ache ("my knees were killing me").
const INANIMATE: &[&str] = &[
    "feet", "foot", "legs", "knees", "arms", "ears", "line", "party", "day", "car", "van", "smile", "grin", "laugh",
    "laughter", "wind",
];

/// An active verb of killing (cue at token `k`) whose object is a thing: "I've killed
/// another basil", "killing the feature flag", "executed the plan", "drowned it with love").
fn kills_a_thing(view: &SentenceView<'_>, cue: &Cue, k: usize) -> bool {
    let end = view.tokens.partition_point(|t| t.start < cue.range.end);
    // The verb: the cue's first word of killing ("was murdered" matches "was murdering" too).
    let Some(verb) = (k..end).find(|&j| TRANSITIVE.iter().any(|v| view.lower(j).starts_with(v))) else {
        return false;
    };
    // "was killed" is passive; "was murdering our load times" is not.
    let passive = verb > 0 && PASSIVE.contains(&view.lower(verb - 1)) && !view.lower(verb).ends_with("ing");
    // "drowned it with love": no one the story names dies as "it".
    !passive && (thing_object(view, end) || view.lower(end) == "it")
}

/// A cue of a life not saved ("couldn't save him").
fn saves(cue: &Cue) -> bool {
    cue.phrase.split(' ').any(|w| w == "save")
}

/// A life not saved from something else: "couldn't save her from the scandal" is no death,
/// "the paramedics couldn't save him" is one.
fn saved_from(view: &SentenceView<'_>, cue: &Cue) -> bool {
    let end = view.tokens.partition_point(|t| t.start < cue.range.end);
    saves(cue) && end < view.tokens.len() && view.lower(end) == "from"
}

/// Words before a verb that make a death not (yet) happen ("would die", "to die").
const MODALS: &[&str] = &["would", "could", "might", "may", "will", "shall", "should", "must", "can", "to", "gonna"];

/// Words after "dead" that keep it a predicate ("fell dead upon the floor", "dead now").
const AFTER_DEAD: &[&str] = &[
    "and", "or", "but", "on", "upon", "in", "at", "by", "for", "from", "with", "now", "already", "before", "after",
    "when", "while", "as", "to", "of", "the", "a", "an", "i", "he", "she", "they", "we", "you", "it", "his", "her",
    "their", "my", "your", "our", "too", "again", "then", "so", "since", "inside", "here", "there", "yet", "long",
    "forever", "anyway",
];

/// Words right before a verb that make it passive ("was killed"): the name before it is
/// who dies.
const PASSIVE: &[&str] = &["was", "were", "is", "are", "be", "been", "being", "get", "got", "gets", "getting"];

/// Words right after an active verb of killing that are its object ("he killed 'em", "Gudrun
/// could have killed them", "Gerald had killed his brother"): whoever dies is not the name
/// before the verb, who is the killer.
const OBJECTS: &[&str] = &[
    "him", "her", "them", "em", "me", "us", "you", "it", "his", "their", "my", "your", "our", "its", "the", "a", "an",
    "that", "this", "these", "those", "every", "all", "both", "one", "two", "three", "several", "many",
];

/// Subjects of a subjunctive "were" ("better she were dead", "if I were dead"): a wish or a
/// supposition, not a death.
const SINGULAR: &[&str] = &["i", "he", "she", "it"];

/// Verbs (by stem) whose object is the one who dies: "killed Arlo", "shot him".
const TRANSITIVE: &[&str] = &[
    "kill",
    "murder",
    "shot",
    "shoot",
    "stab",
    "strangl",
    "behead",
    "execut",
    "slaughter",
    "assassin",
    "hang",
    "drown",
    "poison",
];

/// Words of killing that are nouns as they stand ("proving murder against our man").
const NOUNS: &[&str] = &["murder", "murders", "killing", "execution", "slaughter", "massacre"];

/// Words before a noun that make it a mention of someone ("the stranger").
const DETERMINERS: &[&str] = &["the", "a", "an", "that", "this", "another", "one"];

/// Nouns for people, so "the stranger" can be the one a pronoun means.
const PERSON_NOUNS: &[&str] = &[
    "stranger",
    "man",
    "woman",
    "boy",
    "girl",
    "guard",
    "soldier",
    "officer",
    "policeman",
    "king",
    "queen",
    "prince",
    "princess",
    "doctor",
    "nurse",
    "priest",
    "child",
    "baby",
    "kid",
    "driver",
    "thief",
    "attacker",
    "killer",
    "intruder",
    "captain",
    "prisoner",
    "enemy",
    "lady",
    "gentleman",
    "servant",
    "maid",
    "butler",
    "sailor",
    "pirate",
    "knight",
    "assassin",
    "victim",
    "hostage",
    "patient",
    "passenger",
    "neighbour",
    "neighbor",
    "landlord",
    "boss",
    "teacher",
    "student",
    "farmer",
    "hunter",
    "wizard",
    "witch",
    "warrior",
    "fighter",
    "opponent",
    "rider",
    "gunman",
    "robber",
    "bandit",
    "old",
];

/// A word right before a death cue that refers to whoever dies without naming them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referent {
    /// Text offset of the word.
    pub at: usize,
    /// What kind of word it is.
    pub word: Referring,
}

/// Kinds of referring word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referring {
    /// A third-person singular pronoun: "she", "him".
    Pronoun(Option<Gender>),
    /// A relation: "wife", "brother" (gendered), "friend".
    Relation(Option<Gender>),
    /// The narrator or the one addressed: "I", "you", "we" — never a name nearby.
    Speaker,
    /// Someone or something unnamed: "two dead foxes", "her nurse".
    Unnamed,
    /// Several people: "they were all dead".
    Group,
}

impl Referring {
    fn of_word(lower: &str) -> Option<Referring> {
        match lower {
            "i" | "me" | "you" | "we" | "us" => Some(Referring::Speaker),
            "they" | "them" => Some(Referring::Group),
            "he" | "him" | "she" | "her" => Some(Referring::Pronoun(Gender::of_word(lower))),
            "friend" | "partner" => Some(Referring::Relation(None)),
            _ => Gender::of_word(lower)
                .filter(|_| !matches!(lower, "his" | "hers" | "himself" | "herself"))
                .map(|g| Referring::Relation(Some(g))),
        }
    }

    fn gender(self) -> Option<Gender> {
        match self {
            Referring::Pronoun(g) | Referring::Relation(g) => g,
            Referring::Speaker | Referring::Unnamed | Referring::Group => None,
        }
    }
}

/// Discounts death cues that are not a death ("his laughter had died", "it would die
/// down"), then sets `s.death_event` and `s.death_referent`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let death = crate::taxonomy().index("death");
    // Tokens are in text order: a binary search keeps a sentence of many cues linear.
    let position = |offset: usize| match view.tokens.partition_point(|t| t.start < offset) {
        k if k == view.tokens.len() => 0,
        k => k,
    };
    // Where each death cue read as a figure ends (the token after it).
    let mut figure_ends: Vec<usize> = Vec::new();
    for cue in s.cues.iter_mut().filter(|c| Some(c.label) == death && c.base >= 2.0) {
        let k = position(cue.range.start);
        // "the line went dead", "the tyre's dying".
        let said_of_a_thing = thing_subject(view, k, AUXILIARIES, INANIMATE);
        // "the party died a sudden and total death": the noun is the figure's own object.
        let cognate = &*cue.phrase == "death"
            && figure_ends.iter().any(|&end| {
                (end < k && k - end <= 4)
                    && matches!(view.lower(end), "a" | "an")
                    && (end + 1..k).all(|j| view.lower(j).chars().all(char::is_alphabetic))
            });
        // "the Black Death", "Death Valley": part of a name.
        let named = !cue.phrase.contains(' ') && in_a_name(view, k);
        if said_of_a_thing || kills_a_thing(view, cue, k) || cognate || named || saved_from(view, cue) {
            cue.weight *= 0.1;
            figure_ends.push(position(cue.range.end));
        } else if modal_before(view, k) || subjunctive(view, &s.characters, k) || believed(view, &s.characters, k) {
            cue.weight *= 0.35;
        }
    }
    if let (Some(death), false) = (death, figure_ends.is_empty()) {
        s.add_figure(death);
    }
    animal_deaths(view, s);
    finalize(std::slice::from_mut(s));
    let noun = |c: &Cue| {
        names_death(c)
            || view
                .text
                .get(c.range.start..c.range.end)
                .is_some_and(|w| NOUNS.iter().any(|n| w.eq_ignore_ascii_case(n)))
    };
    let mut strong = s.cues.iter().filter(|c| Some(c.label) == death && c.base >= 2.0).peekable();
    s.death_nominal = strong.peek().is_some() && strong.all(noun);
    let Some(cue) = strongest(&s.cues) else { return };
    let k = position(cue.range.start);
    // A hedge reaches its own clause and what follows, not an earlier clause: "he may have
    // meant to bless us; only that he died next day" tells the death; "he died; so they say"
    // does not.
    if s.hedged && !super::context::ordered(view) {
        s.hedged = super::context::hedges(view).any(|h| h > k || !super::context::clauses_apart(view, h, k));
    }
    // "two dead foxes": whoever dies is the noun after "dead", not a name before it.
    if ["=dead", "dead", "fatal", "=fatal"].contains(&&*cue.phrase) {
        // Right after it, with nothing but a space between ("was dead, slumped" is not).
        let attributive = |t: &&Token| {
            view.text.get(cue.range.end..t.start).is_some_and(|gap| gap.chars().all(char::is_whitespace))
                && t.lower().chars().all(char::is_alphabetic)
                && !AFTER_DEAD.contains(&t.lower())
        };
        if let Some(next) = view.tokens.iter().find(|t| t.start >= cue.range.end).filter(attributive) {
            s.death_referent = Some(Referent { at: next.start, word: Referring::Unnamed });
            return;
        }
    }
    // "the paramedics couldn't save him": whoever was not saved is the pronoun after the verb,
    // not the rescuers before it.
    if saves(cue) {
        let end = view.tokens.partition_point(|t| t.start < cue.range.end);
        if let Some(t) = end.checked_sub(1).and_then(|j| view.tokens.get(j)) {
            if let Some(word @ Referring::Pronoun(_)) = Referring::of_word(t.lower()) {
                s.death_referent = Some(Referent { at: t.start, word });
                return;
            }
        }
    }
    // "his heart stopped", "her injuries were too severe": a body that fails is its owner's
    // death ("Ellen struck the stranger until his heart stopped" is the stranger's).
    if let (Some(owner), true) = (k.checked_sub(1).map(|b| &view.tokens[b]), OWN_BODY.contains(&view.lower(k))) {
        if let ("his" | "her", Some(gender)) = (owner.lower(), Gender::of_word(owner.lower())) {
            let word = if unnamed_person_between(view, s, owner.start) {
                Referring::Unnamed
            } else {
                Referring::Pronoun(Some(gender))
            };
            s.death_referent = Some(Referent { at: owner.start, word });
            return;
        }
    }
    // "he killed 'em": an active verb of killing with an object; the name before it is the
    // killer, and whoever dies is not named here.
    let active = k == 0 || !PASSIVE.contains(&view.tokens[k - 1].lower());
    if active && TRANSITIVE.iter().any(|v| cue.phrase.starts_with(v)) {
        if let Some(object) = view.tokens.get(k + 1).filter(|t| OBJECTS.contains(&t.lower())) {
            s.death_referent = Some(Referent { at: object.start, word: Referring::Unnamed });
            return;
        }
    }
    // "the death of the convict", "a sudden death": a noun of dying names whoever dies after
    // "of" or as a possessive before it ("Sir Charles's death", "his death"); with neither,
    // nobody named here dies (not "Sir Henry" in "the attempt upon Sir Henry which ended in
    // the death of the convict").
    if noun(cue) {
        let owned = possessive(s, &view.tokens[k]) || k > 0 && possessive(s, &view.tokens[k - 1]);
        let named_after = s.characters.iter().any(|&(_, at)| at > cue.range.end && at <= cue.range.end + 12);
        if !owned && !named_after {
            s.death_referent = Some(Referent { at: view.tokens[k].start, word: Referring::Unnamed });
            return;
        }
    }
    // The word before the cue, past auxiliaries ("she had died", "they were all dead"); in
    // "her nurse had died" that word is "nurse", so nobody named is meant.
    let before = view.tokens[k.saturating_sub(4)..k].iter().rposition(|t| !AUXILIARIES.contains(&t.lower()));
    let before = before.map(|b| k.saturating_sub(4) + b);
    // "Ivy's Tamagotchi died", "his old dog died": something owned dies, not its owner, and
    // not a person even when it has a name ("Ivy's heart stopped" is Ivy's death; a
    // relation is read below). The owner may stand before a word or two that describe it.
    if let Some(b) = before {
        let t = &view.tokens[b];
        let owned = view.tokens[b.saturating_sub(3)..b]
            .iter()
            .rev()
            .take_while(|p| {
                possessive(s, p) || view.text.get(p.start..p.end).is_some_and(|w| w.chars().all(char::is_lowercase))
            })
            .any(|p| possessive(s, p));
        if owned && Referring::of_word(t.lower()).is_none() && !OWN_BODY.contains(&t.lower()) {
            s.characters.retain(|&(_, at)| at != t.start);
            s.death_referent = Some(Referent { at: t.start, word: Referring::Unnamed });
            return;
        }
    }
    if let Some(b) = before.filter(|&b| common_noun_subject(view, s, b, cue)) {
        s.death_referent = Some(Referent { at: view.tokens[b].start, word: Referring::Unnamed });
        return;
    }
    // "She was shot twice in the chest and died": a verb joined to the sentence's first,
    // whose subject is a pronoun, has that subject.
    let before = before.map(|b| coordinated_subject(view, b).unwrap_or(b));
    s.death_referent = before.and_then(|b| {
        let t = &view.tokens[b];
        let word = match Referring::of_word(t.lower())? {
            // "my wife" may be a name nearby; "her mother", "the father" are someone unnamed.
            Referring::Relation(g) => {
                let mine =
                    view.tokens[b.saturating_sub(2)..b].iter().any(|p| matches!(p.lower(), "my" | "our" | "your"));
                if mine {
                    Referring::Relation(g)
                } else {
                    Referring::Unnamed
                }
            }
            // "Ellen struck the stranger until he stopped moving": "he" is the stranger, the
            // person named last before the pronoun, not Ellen.
            Referring::Pronoun(_) if unnamed_person_between(view, s, t.start) => Referring::Unnamed,
            word => word,
        };
        Some(Referent { at: t.start, word })
    });
}

/// Words for one's own body or life: owned, they still name their owner's death ("Ivy's
/// heart gave out", "held Elias's hand until it was cold").
const OWN_BODY: &[&str] = &[
    "heart",
    "breath",
    "breathing",
    "pulse",
    "body",
    "life",
    "lungs",
    "brain",
    "hand",
    "hands",
    "face",
    "skin",
    "eyes",
    "lips",
    "fingers",
    "injuries",
    "wounds",
];

/// Words that may stand right before a death verb without being its subject ("Arlo also
/// died", "Arlo later died").
const NOT_SUBJECTS: &[&str] = &[
    "also", "too", "later", "never", "ever", "still", "and", "or", "but", "who", "whom", "which", "what", "that",
    "this", "these", "those", "it", "its", "there", "here", "all", "both", "each", "none", "some", "many", "much",
    "more", "most", "not", "no", "so", "as", "than", "then", "now", "just", "only", "even", "very", "sudden", "own",
    "yet", "for", "upon", "over", "about", "after", "before", "if", "when", "while", "till", "until", "where", "well",
    "being", "hath", "doth", "shalt",
];

/// Quantities before a plural subject that are no number ("dozens of men died", "several
/// soldiers were killed"); numbers themselves are read by [`super::age::number`].
const QUANTIFIERS: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "several",
    "many",
    "some",
    "both",
    "all",
    "few",
    "most",
];

/// Whether token `b`, right before the death cue (past auxiliaries), is a common noun that
/// is the verb's subject: lower case, after a determiner or an owner with only lower-case
/// words between ("Queen's favourite corgi dies", "as Tom watched, the old guard died"), so
/// whoever dies is not a name said earlier in the sentence. Not a coordinated subject ("Tom
/// and the others died"), an appositive ("Arlo, the guard, died"), a body ("his heart
/// stopped") or a word of its own kind ("her mother", a pronoun).
fn common_noun_subject(view: &SentenceView<'_>, s: &SentenceSignals, b: usize, cue: &Cue) -> bool {
    let t = &view.tokens[b];
    let lower = t.lower();
    let plain = view.text.get(t.start..t.end).is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase()));
    let nothing_between = view.text.get(t.end..cue.range.start).is_some_and(|gap| !gap.contains([',', ';', ':', '"']));
    // "the glorious dead": an adjective before "dead" as a noun, not its subject.
    let adjective =
        ["dead", "=dead"].contains(&&*cue.phrase) && view.tokens.get(b + 1).is_some_and(|n| n.start >= cue.range.start);
    // A verb of dying ("died", "was killed", "were both dead"), not a noun ("the young
    // widower", "met his death").
    let first = cue.phrase.trim_start_matches('=').split(' ').next().unwrap_or("");
    let verb = first.ends_with("ed")
        || matches!(first, "dies" | "die")
        || view.tokens.get(b + 1).is_some_and(|n| n.start < cue.range.start);
    if !plain
        || !verb
        || possessive(s, t)
        || adjective
        || !nothing_between
        || lower.ends_with("ly")
        || NOT_SUBJECTS.contains(&lower)
        || DETERMINERS.contains(&lower)
        || PREPOSITIONS.contains(&lower)
        || MODALS.contains(&lower)
        || lower.ends_with("ed")
        || lower.ends_with("self")
        || lower.ends_with("selves")
        || OWN_BODY.contains(&lower)
        || Referring::of_word(lower).is_some()
    {
        return false;
    }
    let from = b.saturating_sub(3);
    let Some(d) = view.tokens[from..b]
        .iter()
        .rposition(|p| {
            let w = p.lower();
            DETERMINERS.contains(&w)
                || QUANTIFIERS.contains(&w)
                || super::age::number(w).is_some()
                || w.chars().all(|c| c.is_ascii_digit())
                || possessive(s, p)
                || w.ends_with("'s")
        })
        .map(|d| from + d)
    else {
        return false;
    };
    let described = view.tokens[d + 1..b]
        .iter()
        .all(|p| view.text.get(p.start..p.end).is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase())));
    described && (d == 0 || view.lower(d - 1) != "and")
}

/// Whether a token owns what follows it: a possessive determiner or a name with "'s".
fn possessive(s: &SentenceSignals, t: &Token) -> bool {
    let lower = t.lower();
    matches!(lower, "his" | "her" | "their" | "my" | "our" | "your" | "its")
        || (lower.ends_with("'s") || lower.ends_with("’s")) && s.characters.iter().any(|&(_, at)| at == t.start)
}

/// Whether a modal comes right before token `k`, or before "have", "not" or "never" right
/// before it ("would die", "would have died", "could never die").
fn modal_before(view: &SentenceView<'_>, k: usize) -> bool {
    let word = |j: usize| view.tokens[j].lower();
    k > 0 && MODALS.contains(&word(k - 1))
        || k > 1 && matches!(word(k - 1), "have" | "not" | "never") && MODALS.contains(&word(k - 2))
}

/// Words that may stand between a hedge and the death it governs.
const BELIEVED_WHO: &[&str] = &[
    "he", "she", "him", "her", "they", "them", "it", "was", "were", "had", "been", "to", "be", "already", "long", "all",
];

/// Whether a hedge of belief or hearsay (`context::hedges`: "everyone assumed he was dead",
/// "presumed dead", "I thought Tom was dead") governs the death cue at token `k`: it stands at
/// most four words before, with only a pronoun, a name and the verb "to be" between ("thought
/// of his dead wife" is a death thought of, and stays one).
fn believed(view: &SentenceView<'_>, names: &[(usize, usize)], k: usize) -> bool {
    let from = k.saturating_sub(5);
    super::context::hedges(view).filter(|&j| j >= from && j < k).last().is_some_and(|j| {
        (j + 1..k)
            .all(|m| BELIEVED_WHO.contains(&view.lower(m)) || names.iter().any(|&(_, at)| at == view.tokens[m].start))
    })
}

/// Whether the death cue at token `k` follows a subjunctive "were" ("better she were dead",
/// "as if Tom were dying"): "were" at or right before the cue, after a singular subject.
fn subjunctive(view: &SentenceView<'_>, names: &[(usize, usize)], k: usize) -> bool {
    let were = if view.tokens.get(k).is_some_and(|t| t.lower() == "were") {
        k
    } else if k > 0 && view.tokens[k - 1].lower() == "were" {
        k - 1
    } else {
        return false;
    };
    were > 0 && {
        let subject = &view.tokens[were - 1];
        SINGULAR.contains(&subject.lower()) || names.iter().any(|&(_, at)| at == subject.start)
    }
}

/// Words that open a clause of its own inside a sentence: its subject is not the sentence's.
const CLAUSE_OPENERS: &[&str] = &[
    "as", "when", "while", "that", "who", "whom", "which", "because", "until", "till", "before", "after", "where",
    "if", "though", "although", "since", "once", "so",
];

/// Where the word before a verb is "and" or "then" ("She was shot twice and died"), the
/// pronoun that opens the sentence as its subject, with no clause, pronoun or noun of a
/// person of its own between.
fn coordinated_subject(view: &SentenceView<'_>, b: usize) -> Option<usize> {
    if !matches!(view.lower(b), "and" | "then") {
        return None;
    }
    let first = view.tokens.first()?;
    matches!(first.lower(), "he" | "she").then_some(())?;
    // A comma right before "and" joins the verbs still ("She was shot, and died").
    let broken = (0..b.saturating_sub(1)).any(|j| super::breaks_clause(view.gap(j)));
    let apart = (1..b).any(|j| {
        let w = view.lower(j);
        CLAUSE_OPENERS.contains(&w) || matches!(w, "he" | "she" | "they" | "him" | "her") || PERSON_NOUNS.contains(&w)
    });
    let apart = broken || apart;
    (!apart).then_some(0)
}

/// Whether an unnamed person ("the stranger", "a guard") is mentioned after the last name of
/// the sentence and before `pronoun`: the nearer antecedent.
fn unnamed_person_between(view: &SentenceView<'_>, s: &SentenceSignals, pronoun: usize) -> bool {
    let last_name = s.characters.iter().map(|&(_, at)| at).filter(|&at| at < pronoun).max().unwrap_or(view.range.start);
    let between: Vec<&Token> = view.tokens.iter().filter(|t| t.start > last_name && t.start < pronoun).collect();
    // "the stranger", "the old man": a determiner, then a person within two words.
    between.iter().enumerate().any(|(k, t)| {
        DETERMINERS.contains(&t.lower()) && between[k + 1..].iter().take(2).any(|n| PERSON_NOUNS.contains(&n.lower()))
    })
}

/// Recomputes death events after frames have been applied.
pub fn finalize(signals: &mut [SentenceSignals]) {
    let death = crate::taxonomy().index("death");
    for s in signals {
        // Weight-1 cues (a funeral, a grave) are about death, not a death happening; nor is
        // a bare noun after a determiner ("the terror of death", "till the death").
        s.death_event = s
            .cues
            .iter()
            .filter(|c| Some(c.label) == death && c.base >= 2.0 && !c.noun_mention)
            .map(|c| c.weight)
            .fold(0.0, f32::max);
    }
}

/// A death said of an animal is animal death: "the sheep was dead", "my horse was slain",
/// "killed a hare", "the dead horse". For each death cue not negated, the word before it
/// (past auxiliaries) or the words after a verb of killing or "dead" (past articles, numbers
/// and a few adjectives) name an animal: the sentence gets an animal-death cue on the same
/// words and weight, and the death cue keeps a tenth of its weight (a reader warned for death
/// is warned for people's: "Queen's favourite corgi dies" is animal death only).
fn animal_deaths(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let taxonomy = crate::taxonomy();
    let (Some(death), Some(animal_death)) = (taxonomy.index("death"), taxonomy.index("animal-death")) else {
        return;
    };
    let derived_already = s.cues.iter().any(|c| c.label == animal_death);
    let position = |offset: usize| view.tokens.partition_point(|t| t.start < offset);
    let found = s.cues.iter().position(|c| {
        if c.label != death || c.base < 2.0 || c.negated {
            return false;
        }
        let (first, end) = (position(c.range.start), position(c.range.end));
        let mut b = first;
        while b > 0 && first - b < 4 && AUXILIARIES.contains(&view.lower(b - 1)) {
            b -= 1;
        }
        let before = b > 0 && super::animal::is_animal(view.lower(b - 1));
        let of_killing = TRANSITIVE.iter().any(|v| c.phrase.starts_with(v)) || c.phrase.ends_with("dead");
        let after = of_killing && {
            let mut a = end;
            while a < end + 4 && super::animal::BEFORE_ANIMAL.contains(&view.lower(a)) {
                a += 1;
            }
            super::animal::is_animal(view.lower(a))
        };
        before || after
    });
    if let Some(cue) = found.and_then(|i| s.cues.get_mut(i)) {
        let derived = Cue { label: animal_death, phrase: "death of an animal".into(), ..cue.clone() };
        cue.weight *= 0.1;
        if !derived_already {
            s.cues.push(derived);
        }
    }
}

/// A named pet's death is animal death: "our dog Rufus ... Rufus died at the vet's". For each
/// sentence whose death's subject ([`subject`]) is a pet ([`Cast::is_pet`]), its death cues
/// keep a tenth of their weight and it gets an animal-death cue on the strongest one's words,
/// as [`animal_deaths`] does for an animal the sentence names by its kind.
pub fn pet_deaths(signals: &mut [SentenceSignals], cast: &Cast) {
    let taxonomy = crate::taxonomy();
    let (Some(death), Some(animal_death)) = (taxonomy.index("death"), taxonomy.index("animal-death")) else {
        return;
    };
    if !cast.pets.contains(&true) {
        return;
    }
    for i in 0..signals.len() {
        if signals[i].death_event <= 0.0 || !subject(signals, i, cast).is_some_and(|n| cast.is_pet(n)) {
            continue;
        }
        let s = &mut signals[i];
        let Some(strongest) = strongest(&s.cues).cloned() else { continue };
        for cue in s.cues.iter_mut().filter(|c| c.label == death) {
            cue.weight *= 0.1;
        }
        if !s.cues.iter().any(|c| c.label == animal_death) {
            s.cues.push(Cue { label: animal_death, phrase: "death of an animal".into(), ..strongest });
        }
        finalize(std::slice::from_mut(s));
    }
}

/// A cue with the word "death" ("death of", "his death").
fn names_death(cue: &Cue) -> bool {
    cue.phrase.split(' ').any(|w| w == "death")
}

/// The sentence's strongest death cue; between equals, a verb ("Leonard lay dead") before a
/// noun ("death a blue sky").
fn strongest(cues: &[Cue]) -> Option<&Cue> {
    let death = crate::taxonomy().index("death");
    cues.iter()
        .filter(|c| Some(c.label) == death && c.base >= 2.0)
        .max_by(|a, b| a.weight.total_cmp(&b.weight).then(names_death(b).cmp(&names_death(a))))
}

/// Bytes before a death cue within which a name said once can be the one who dies.
const ONCE_NAMED_NEAR: usize = 24;

/// Who dies in sentence `i`: a name index, if one can be resolved.
pub fn subject(signals: &[SentenceSignals], i: usize, cast: &Cast) -> Option<usize> {
    let s = signals.get(i)?;
    let cue = strongest(&s.cues)?;
    let transitive = TRANSITIVE.iter().any(|v| cue.phrase.starts_with(v));
    if transitive {
        if let Some(&(name, _)) = s.characters.iter().find(|&&(_, at)| at >= cue.range.end && at <= cue.range.end + 3) {
            return Some(name);
        }
    }
    // "the death of Sir Charles": the name just after a noun of dying.
    let nominal = ["death", "murder", "killing", "execution", "assassination"]
        .iter()
        .any(|n| cue.phrase.strip_prefix(n).is_some_and(|rest| rest.is_empty() || rest == " of"));
    if nominal {
        if let Some(&(name, _)) = s.characters.iter().find(|&&(_, at)| at > cue.range.end && at <= cue.range.end + 12) {
            return Some(name);
        }
    }
    // A name can be the one a pronoun means only if their genders agree (or one is unknown).
    let agrees = |n: usize, word: Referring| match (word.gender(), cast.genders.get(n).copied().flatten()) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    // Names before the cue in this sentence: the nearest one that can be meant.
    // A name said once (a short text's) is the one who dies only right before the cue
    // ("Grandad Victor died"); further off it is as often the teller ("Mr Crowe told the story
    // of the beheadings").
    let before: Vec<(usize, usize)> = s
        .characters
        .iter()
        .copied()
        .filter(|&(n, at)| at < cue.range.start && (cast.counts[n] >= 2 || cue.range.start - at <= ONCE_NAMED_NEAR))
        .collect();
    let referent = s.death_referent;
    if !before.is_empty() {
        // A referring word nearer the cue than every name decides: "Ellen's mother died",
        // "Ellen held me as I died" and (Ellen being a woman) "Ellen struck him until he
        // stopped moving" are not Ellen's deaths.
        let candidates: Vec<(usize, usize)> = match referent {
            Some(r) if before.iter().all(|&(_, at)| at < r.at) => match r.word {
                Referring::Pronoun(_) => before.iter().copied().filter(|&(n, _)| agrees(n, r.word)).collect(),
                Referring::Relation(_) | Referring::Speaker | Referring::Unnamed | Referring::Group => Vec::new(),
            },
            _ => before,
        };
        return candidates.iter().max_by_key(|&&(_, at)| at).map(|&(n, _)| n);
    }
    // Only "he", "she" or a gendered relation ("my wife stopped breathing"): the name
    // mentioned last before it that can be the one it means. Without one
    // ("there was killing") nobody in particular dies; the narrator ("I died") and a group
    // ("they were all dead") are not a name nearby.
    let word = referent?.word;
    word.gender()?;
    // The latest sentence of the six before with a fitting name, else this sentence or the
    // next; in it, the first fitting name, most often the sentence's subject ("Gerald might
    // have been living with Birkin. But now he was dead": Gerald). A name known to be of the
    // pronoun's gender before one whose gender is unknown (often not a person: "Christian",
    // "Rome").
    let known = |n: usize| cast.genders.get(n).copied().flatten().is_some();
    let nearby = || signals[i.saturating_sub(6)..i].iter().rev().chain(signals[i..(i + 2).min(signals.len())].iter());
    // A name said once is meant only if its gender is known, or, in a short text, if it is a
    // given name ("PC Dana Reyes ... She was shot twice and died": the text never says
    // Dana's gender, and "Mill Lane" is no one).
    let once = |n: usize| !cast.is_long() && cast.is_given_name(n);
    let first = |t: &SentenceSignals, sure: bool| {
        t.characters
            .iter()
            .map(|&(n, _)| n)
            .find(|&n| agrees(n, word) && (known(n) || !sure && (cast.counts[n] >= 2 || once(n))))
    };
    nearby().find_map(|t| first(t, true)).or_else(|| nearby().find_map(|t| first(t, false)))
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::{cue_weight, signals};

    fn animal_death(text: &str) -> f32 {
        cue_weight(text, "animal-death")
    }

    fn death(text: &str) -> f32 {
        cue_weight(text, "death")
    }

    #[test]
    fn a_death_word_said_of_a_thing_is_a_figure() {
        assert!(death("My laptop died halfway through the exam.") < 0.5);
        assert!(death("The line went dead and she stared at the screen.") < 0.5);
        assert!(death("By noon her knees were killing her.") < 0.5);
        assert!(death("He found a dead battery in the drawer.") < 0.5);
        assert!(death("\"The tyre's dying,\" said Anjali.") < 0.5);
        assert!(death("I've killed another basil.") < 0.5);
        assert!(death("I'm killing the feature flag tonight.") < 0.5);
        // Progressive, not passive, though the lexicon's "was murdered" matches it.
        assert!(death("It was murdering our load times.") < 0.5);
        assert!(death("He was murdering the guard when they found him.") >= 2.0);
        assert!(death("The guard was murdered in the night.") >= 2.0);
        // A title in quotation marks is a song, not a person.
        assert!(death("The lads from accounts slaughtered \"Bohemian Rhapsody\" at karaoke.") < 0.5);
        assert!(death("\"I killed him,\" Dana said.") >= 1.0);
        assert!(death("Kill the lights, we're losing the sun.") < 0.5);
        assert!(death("The board executed the plan without a vote.") < 0.5);
        assert!(death("The whole deal died in committee.") < 0.5);
        assert!(death("At ten the party died a sudden and total death.") < 0.5);
        assert!(death("He died a slow death in the camp.") >= 2.0);
        // A word of dying in a name (dt-near-miss-012 of the scenes suite).
        assert!(death("Mr Osei showed how the Black Death reached England in 1348.") < 0.5);
        assert!(death("He drove through Death Valley at noon.") < 0.5);
        // Not a word in capitals (a tombstone in Far from the Madding Crowd).
        assert!(death("THE REMAINS OF FRANCIS TROY, WHO DIED DECEMBER 24TH") >= 2.0);
        // A person, or a thing that is not the object, keeps the death.
        assert!(death("He killed the guard in the car park.") >= 2.0);
        assert!(death("He was killed the day before the wedding.") >= 2.0);
        // Stevenson, The Black Arrow (1888): a charger is a horse.
        assert!(death("Spurring is good meat, but yet it killed the charger.") > 0.5);
        assert!(death("She was killed by the engine of a tractor.") >= 2.0);
        // A thing after a preposition is no subject; a person is.
        assert!(death("The man in the car died before the ambulance came.") >= 2.0);
        assert!(death("Her brother died on Sunday.") >= 2.0);
        // A title in title case, a pronoun for a plant and a department (near misses of the
        // scenes suite: fx-near-miss-009, dt-near-miss-011, fx-near-miss-014).
        assert!(death("He murdered Let It Go on the trumpet.") < 0.5);
        assert!(death("Leila says I drowned it with love.") < 0.5);
        assert!(death("Finance got gutted and Comms was massacred.") < 0.5);
        assert!(death("Tom murdered John Smith on the stairs.") >= 2.0);
        assert!(death("They drowned him in the millpond.") >= 2.0);
        // A life given up on is a death; one not saved from a scandal is not.
        assert!(death("The paramedics couldn't save him.") >= 2.0);
        assert!(death("She knew she could not save him from the scandal.") < 0.5);
        assert!(death("Her mother could not save her from the gossip of the town.") < 0.5);
    }

    #[test]
    fn a_named_pets_death_is_animal_death() {
        let text = "Our dog Rufus was fourteen and deaf. Rufus died at the vet's on Monday.";
        assert!(death(text) < 0.5);
        assert!(animal_death(text) >= 1.8);
        // A person of the same name is a death.
        let text = "Our neighbour Rufus was ninety and deaf. Rufus died at the hospital on Monday.";
        assert!(death(text) >= 2.0);
        assert_eq!(who_dies(text).as_deref(), Some("rufus"));
    }

    #[test]
    fn a_verb_joined_to_the_first_has_its_subject() {
        use crate::signals::characters::Gender;
        use crate::signals::death::Referring;
        let referent = |text: &str| signals(text)[0].death_referent.map(|r| r.word);
        let she = Some(Referring::Pronoun(Some(Gender::Female)));
        assert_eq!(referent("She was shot twice in the chest and died at the roadside."), she);
        assert_eq!(referent("She was shot, and died at the roadside."), she);
        // A clause, or another person, of its own between.
        assert_ne!(referent("She watched as the man fell and died."), she);
        assert_ne!(referent("She said the soldier was shot and died."), she);
    }

    #[test]
    fn a_death_said_of_an_animal_is_animal_death() {
        assert!(animal_death("The ewe fell heavily, and lay still. The sheep was dead.") >= 2.0);
        assert!(animal_death("It was my horse was slain.") >= 2.0);
        assert!(animal_death("We killed five of the poor beasts.") >= 2.0);
        assert!(animal_death("He killed a hare on the common.") >= 2.0);
        assert!(animal_death("The ravens came hovering over the dead horse.") >= 2.0);
        assert_eq!(animal_death("The old man was dead."), 0.0);
        assert_eq!(animal_death("He killed the guard with his horse's bridle."), 0.0);
        assert_eq!(animal_death("The horse had not died."), 0.0);
        // ... and no death of a person (vd-near-miss-083 of the scenes suite: a headline).
        let headline = "Elif's phone buzzed with an alert: \"Queen's favourite corgi dies\".";
        assert!(animal_death(headline) >= 2.0);
        assert!(death(headline) < 0.5);
        assert!(death("Ellen stood over two dead foxes.") < 0.5);
        assert!(death("Ivy's old dog died in the night.") < 0.5);
        assert!(death("Ellen stood over two dead men.") >= 2.0);
    }
    use crate::signals::{analyze_sentences, Lexicons};
    use crate::{Document, Meta, SourceFormat, SourceMap};

    /// The name that dies in the last sentence of `text`, if any.
    fn who_dies(text: &str) -> Option<String> {
        let doc = Document::from_plain_text(
            text.to_string(),
            SourceMap::identity("t", text.len()),
            Meta::new(SourceFormat::Txt),
        );
        let (sigs, cast) = analyze_sentences(&doc, &Lexicons::shipped());
        let last = sigs.len() - 1;
        assert!(sigs[last].death_event >= 1.8, "no death event in {text:?}");
        super::subject(&sigs, last, &cast).map(|n| cast.names[n].clone())
    }

    #[test]
    fn a_body_that_fails_and_a_life_not_saved_are_their_owners_deaths() {
        // After vd-implied-025 and fx-implied-013 of the scenes suite.
        let nathan = "Nathan joked in the ambulance about a day off work. ";
        assert_eq!(who_dies(&format!("{nathan}His injuries were too severe.")).as_deref(), Some("nathan"));
        assert_eq!(who_dies(&format!("{nathan}The paramedics couldn't save him.")).as_deref(), Some("nathan"));
        assert_eq!(who_dies(&format!("{nathan}Then his heart stopped.")).as_deref(), Some("nathan"));
        // The pronoun must fit, and a stranger between is whose heart it is.
        assert_eq!(who_dies(&format!("{nathan}The paramedics couldn't save her.")), None);
        assert_eq!(who_dies(&format!("{nathan}Nathan struck the stranger until his heart stopped.")), None);
    }

    #[test]
    fn subject_follows_pronoun_gender() {
        let ellen = "Ellen opened the door. She was cold. Ellen said she was tired. ";
        let tom = "Tom opened the door. He was cold. Tom said he was tired. ";
        // A pronoun that cannot mean the name before it: someone unnamed dies.
        assert_eq!(who_dies(&format!("{ellen}Ellen struck the stranger until he stopped breathing.")), None);
        // Nor one after an unnamed person, whatever Ellen's gender.
        assert_eq!(who_dies("Ellen struck the stranger with the oil can until he stopped breathing."), None);
        assert_eq!(
            who_dies("Ellen ran to the door. Ellen fell on the stairs, and she stopped breathing.").as_deref(),
            Some("ellen")
        );
        assert_eq!(
            who_dies(&format!("{tom}The stranger struck Tom until he stopped breathing.")).as_deref(),
            Some("tom")
        );
        // Only a pronoun: the name nearby that it can mean.
        assert_eq!(who_dies(&format!("{ellen}{tom}Then she died.")).as_deref(), Some("ellen"));
        assert_eq!(who_dies(&format!("{ellen}{tom}Then he died.")).as_deref(), Some("tom"));
        // The subject of the sentence before, not the name it ends on.
        let gerald = "Gerald opened the door. He was cold. Gerald said he was tired. ";
        assert_eq!(
            who_dies(&format!("{tom}{gerald}Gerald might have lived on with Tom. But now he was dead.")).as_deref(),
            Some("gerald")
        );
        // A given name said once, its gender untold: the one a short text's "she" means; a
        // place that is also a given name ("Mill Lane") is no one.
        assert_eq!(
            who_dies("PC Dana Reyes stopped a car on Mill Lane. She was shot twice and died at the roadside.")
                .as_deref(),
            Some("dana")
        );
    }

    #[test]
    fn what_someone_owns_dying_is_not_their_death() {
        let ivy = "Ivy opened the door. She was cold. Ivy said she was tired. ";
        assert_eq!(who_dies(&format!("{ivy}Ivy's old nurse died in the night.")), None);
        assert_eq!(who_dies(&format!("{ivy}Then her father died.")), None);
        assert_eq!(who_dies(&format!("{ivy}At dawn Ivy's heart stopped, and she died.")).as_deref(), Some("ivy"));
        // Only a word in lower case between owner and owned: "her, Captain Ivy" owns nothing.
        assert_eq!(who_dies("When they reached her, Captain Ivy Okafor was dead.").as_deref(), Some("okafor"));
    }

    #[test]
    fn a_death_believed_is_no_death_told() {
        // dt-near-miss-007 of the scenes suite: a missing hiker, found alive.
        let weight = |text: &str| signals(text)[0].death_event;
        assert!(weight("Everyone in the village assumed he was dead.") < 1.8);
        assert!(weight("The crew were presumed dead.") < 1.8);
        assert!(weight("He was dead.") >= 1.8);
        assert!(weight("He thought of his wife, dead these ten years, and wept.") >= 1.8);
    }

    #[test]
    fn a_common_noun_before_the_verb_is_who_dies() {
        // A headline read out by Elif (as vd-near-miss-083 of the scenes suite, of a dog).
        let elif = "Elif opened the door. She was cold. Elif said she was tired. ";
        assert_eq!(
            who_dies(&format!("{elif}Elif's phone buzzed with an alert: \"Queen's favourite butler dies\".")),
            None
        );
        let tom = "Tom opened the door. He was cold. Tom said he was tired. ";
        assert_eq!(who_dies(&format!("{tom}As Tom watched, the old guard died.")), None);
        // cp-explicit-001: a number before the noun.
        assert_eq!(who_dies(&format!("{tom}Tom heard that at least 58 detainees died in custody.")), None);
        // Not an appositive, a coordinated subject or a word that is no subject.
        assert_eq!(who_dies(&format!("{tom}Tom, the guard, died at dawn.")).as_deref(), Some("tom"));
        assert_eq!(who_dies(&format!("{tom}Tom and the others died at dawn.")).as_deref(), Some("tom"));
        assert_eq!(who_dies(&format!("{tom}Tom later died of his wounds.")).as_deref(), Some("tom"));
        // "the glorious dead" is a noun and its adjective (She, Haggard 1887).
        let ayesha = "Ayesha opened the door. She was cold. Ayesha said she was tired. ";
        let relic = "I took up Ayesha's kirtle and covered up that dreadful relic of the glorious dead.";
        assert_eq!(who_dies(&format!("{ayesha}{relic}")).as_deref(), Some("ayesha"));
    }

    #[test]
    fn a_short_text_names_who_dies_once() {
        assert_eq!(who_dies("Grandad Victor died on a Sunday afternoon.").as_deref(), Some("victor"));
        // A kin title genders the name it goes before, so a pronoun can mean it.
        let gran = "Gran Florence was sharp on her last morning, telling the consultant his tie was a disgrace. \
                    By the afternoon she was sleeping. She died at four the next morning.";
        assert_eq!(who_dies(gran).as_deref(), Some("florence"));
        // The pronoun means the one whose gender the text gave, not the last name said.
        let text = "The bullet hit Sergeant Amara Nwosu as she turned. She went down and Lukas got to her. \
                    She died there.";
        assert!(matches!(who_dies(text).as_deref(), Some("amara" | "nwosu")), "{:?}", who_dies(text));
        // Said once and further off, a name is as often the teller's.
        assert_eq!(who_dies("Our teacher, Mr Crowe, told us how the old queen was beheaded.").as_deref(), None);
    }

    #[test]
    fn relations_and_the_narrator_are_not_the_name_before() {
        let ellen = "Ellen opened the door. She was cold. Ellen said she was tired. ";
        assert_eq!(who_dies(&format!("{ellen}Ellen's mother died in the spring.")), None);
        assert_eq!(who_dies(&format!("{ellen}She said her mother died in the spring.")), None);
        assert_eq!(who_dies(&format!("{ellen}Ellen held my hand as I died.")), None);
        assert_eq!(who_dies(&format!("{ellen}Then Ellen died.")).as_deref(), Some("ellen"));
        assert_eq!(who_dies(&format!("{ellen}\"Put the case, Ellen, that the man died.\"")), None);
        // "her" belongs to the nurse; the nurse has no name.
        assert_eq!(
            who_dies(&format!("{ellen}She was tired. Then my wife stopped breathing.")).as_deref(),
            Some("ellen")
        );
        assert_eq!(who_dies(&format!("{ellen}She did not cry because her nurse had died.")), None);
        // The noun after "dead" is what died.
        assert_eq!(who_dies(&format!("{ellen}Ellen stood over two dead men.")), None);
        assert_eq!(who_dies(&format!("{ellen}Ellen fell dead upon the floor.")).as_deref(), Some("ellen"));
        assert_eq!(who_dies(&format!("{ellen}Ellen was dead, slumped by the door.")).as_deref(), Some("ellen"));
        // A group is not one named character.
        assert_eq!(who_dies(&format!("{ellen}Ellen learned that they had died.")), None);
        assert_eq!(who_dies(&format!("{ellen}She saw that they were all dead.")), None);
    }

    #[test]
    fn a_killer_is_not_who_dies() {
        let flint = "Flint opened the chest. He was cold. Flint said he was tired. ";
        // An active verb of killing with an object: the name before it is the killer.
        assert_eq!(who_dies(&format!("{flint}Flint killed 'em, every man.")), None);
        assert_eq!(who_dies(&format!("{flint}Then Flint killed the guard.")), None);
        assert_eq!(who_dies(&format!("{flint}Flint killed him.")), None);
        // Passive, reflexive, or the name as object: that name dies.
        assert_eq!(who_dies(&format!("{flint}Flint was killed at dawn.")).as_deref(), Some("flint"));
        assert_eq!(who_dies(&format!("{flint}Flint killed himself.")).as_deref(), Some("flint"));
        assert_eq!(who_dies(&format!("{flint}The guard killed Flint.")).as_deref(), Some("flint"));
    }

    #[test]
    fn a_noun_of_dying_names_whoever_follows_or_owns_it() {
        let henry = "Henry opened the door. He was cold. Henry said he was tired. ";
        assert_eq!(who_dies(&format!("{henry}The attempt upon Henry ended in the death of the convict.")), None);
        assert_eq!(who_dies(&format!("{henry}Henry's death shocked the village.")).as_deref(), Some("henry"));
        // A verb beats a noun of the same strength later in the sentence.
        let leonard = "Leonard opened the door. He was cold. Leonard said he was tired. ";
        assert_eq!(
            who_dies(&format!("{leonard}Here Leonard lay dead in the garden, and death was a blue sky.")).as_deref(),
            Some("leonard")
        );
        assert!(signals("They talked of the death of the old king.")[0].death_nominal);
        assert!(!signals("Leonard was dead.")[0].death_nominal);
    }

    #[test]
    fn subject_after_a_noun_of_dying() {
        let text = "Holmes read the letter. Charles was old. Holmes smiled. Charles walked. \
                    Holmes, this is about the death of Sir Charles.";
        assert_eq!(who_dies(text).as_deref(), Some("charles"));
    }

    #[test]
    fn death_events() {
        assert!(signals("The guard died instantly.")[0].death_event >= 2.0);
        assert!(signals("By the time the medics arrived, she was dead.")[0].death_event >= 1.8);
        assert!(signals("He did not die that day.")[0].death_event < 1.0);
        assert!(signals("I died twice on the boss level of the game.")[0].death_event < 2.0);
        // Things that "die" and deaths that have not happened.
        assert!(signals("His laughter had died before it reached his lips.")[0].death_event < 1.0);
        assert!(signals("Without water the plants would die.")[0].death_event < 1.0);
        assert!(signals("She was deadly pale.")[0].death_event < 1.0);
        // A wish, a supposition, a death that would have come.
        assert!(signals("Better she were dead.")[0].death_event < 1.8);
        assert!(signals("Without her he would have died.")[0].death_event < 1.8);
    }
}
