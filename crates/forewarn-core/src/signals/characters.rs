//! Character detector: named characters and their prominence in the work.
//!
//! What it detects: capitalised words that are names (capitalised where no sentence starts,
//! almost never written in lower case), how often each is mentioned, and in how many
//! chapters.
//!
//! Why: AO3's Major Character Death is about a character "with significant presence in the
//! work"; an unnamed guard's death is `death` only.
//!
//! Example: in a chapter where "Arlo" is mentioned twelve times and dies, Arlo is prominent.
//!
//! It also learns each name's grammatical gender from the "he" or "she" that continues a
//! sentence whose first word is the name ("Ellen smiled. She ...", "Ellen said she would
//! go"), so
//! that "Ellen struck the stranger until he stopped moving" does not make Ellen the one who
//! stops moving.
//!
//! Limitations: place names count as names; all-lower-case text (some fan fiction, the
//! passage data) has no names; nicknames and surnames of one person are separate names; a
//! name whose pronouns are mixed or never seen has no gender.

use std::collections::HashMap;

use crate::lexicon::{Token, Tokenizer};
use crate::Document;

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "i",
    "i'm",
    "i'll",
    "i've",
    "i'd",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "madam",
    "lady",
    "lord",
    "god",
    "oh",
    "ah",
    "the",
    "a",
    "an",
    "and",
    "but",
    "chapter",
    "part",
    "book",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "christmas",
    "english",
    "french",
    "dr",
    "captain",
    "doctor",
    "king",
    "queen",
    "prince",
    "princess",
    "uncle",
    "aunt",
    "mother",
    "father",
    "mum",
    "mom",
    "dad",
    "yes",
    "no",
    "ok",
    "okay",
    "hey",
    "hi",
    "hello",
    "hiya",
    "bye",
    "thanks",
    "sorry",
    "please",
    "he",
    "she",
    "it",
    "we",
    "they",
    "you",
    "his",
    "her",
    "its",
    "our",
    "their",
    "your",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "then",
    "when",
    "while",
    "where",
    "what",
    "who",
    "why",
    "how",
    "if",
    "so",
    "as",
    "at",
    "in",
    "on",
    "by",
    "for",
    "with",
    "from",
    "to",
    "of",
    "or",
    "nor",
    "not",
    "after",
    "before",
    "by",
    "within",
    "around",
    "some",
    "someone",
    "something",
    "everyone",
    "nothing",
    "now",
    "later",
    "once",
    "just",
    "even",
    "still",
    "only",
    "all",
    "captain",
    "sergeant",
    "private",
    "officer",
    "queen",
    "lord",
    "ensign",
    "corporal",
    "grandpa",
    "grandma",
    "don't",
    "through",
    "until",
    "over",
    "under",
    "into",
    "one",
    "two",
    "last",
    "first",
    "halfway",
    "afterwards",
    "within",
];

/// A name's or a pronoun's grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// "she", "her", "sister".
    Female = 0,
    /// "he", "him", "brother".
    Male = 1,
}

impl Gender {
    /// The gender a third-person pronoun or kin word marks ("her", "brother"), if any.
    pub fn of_word(lower: &str) -> Option<Gender> {
        match lower {
            "she" | "her" | "hers" | "herself" | "wife" | "mother" | "daughter" | "sister" | "grandmother"
            | "girlfriend" => Some(Gender::Female),
            "he" | "him" | "his" | "himself" | "husband" | "father" | "son" | "brother" | "grandfather"
            | "boyfriend" => Some(Gender::Male),
            _ => None,
        }
    }
}

/// Titles before a name ("Mrs. Reed", "Gran Florence"): a sentence that starts with one starts
/// with the name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "madam",
    "lady",
    "lord",
    "dr",
    "doctor",
    "captain",
    "professor",
    "master",
    "aunt",
    "auntie",
    "aunty",
    "uncle",
    "gran",
    "granny",
    "grandma",
    "nana",
    "grandad",
    "granddad",
    "grandpa",
];

/// The gender a title before a name marks ("Mrs. Reed", "Master Pew", "Gran Florence").
fn title_gender(lower: &str) -> Option<Gender> {
    match lower {
        "mr" | "sir" | "lord" | "master" | "uncle" | "grandad" | "granddad" | "grandpa" => Some(Gender::Male),
        "mrs" | "miss" | "ms" | "lady" | "madam" | "madame" | "aunt" | "auntie" | "aunty" | "gran" | "granny"
        | "grandma" | "nana" => Some(Gender::Female),
        _ => None,
    }
}

/// Words before a capitalised word that make it a place or a thing rather than a person.
const PLACE_WORDS: &[&str] = &[
    "the", "in", "at", "of", "from", "to", "near", "off", "outside", "across", "into", "through", "towards", "a", "an",
];

/// Words that own or point at a pet before its kind ("our dog", "the old cat").
const PET_DETERMINERS: &[&str] = &["the", "a", "our", "my", "his", "her", "their", "your", "its"];

/// Kinds of pet and working animal, which a name is also given to ("our dog Rufus", "the mare
/// Bess"): not the words that also call a person something ("my lamb", "the old fox", "a lark").
pub(super) const PETS: &[&str] = &[
    "dog",
    "hound",
    "puppy",
    "pup",
    "cat",
    "kitten",
    "horse",
    "pony",
    "mare",
    "colt",
    "foal",
    "stallion",
    "gelding",
    "donkey",
    "mule",
    "rabbit",
    "hamster",
    "gerbil",
    "guinea-pig",
    "ferret",
    "parrot",
    "budgie",
    "canary",
    "tortoise",
    "goldfish",
    "spaniel",
    "terrier",
    "collie",
    "mastiff",
    "greyhound",
    "retriever",
    "bulldog",
    "corgi",
    "labrador",
    "poodle",
    "beagle",
    "dachshund",
    "whippet",
    "lurcher",
    "alsatian",
    "husky",
    "sheepdog",
    "tabby",
];

/// Whether `word`, in lower case, is a kind of pet a name is given to: [`PETS`],
/// and "lab" said short for a labrador ("our lab Bess"), which is no animal word elsewhere ("the lab").
fn is_pet_kind(word: &str) -> bool {
    PETS.contains(&word) || word == "lab"
}

/// Whether the capitalised token `k` names a pet: right after its kind in lower case, with a
/// determiner before ("our dog Rufus", "his black horse, Mesrour"), or followed by a determiner and
/// its kind, then a comma, a full stop or the sentence's end ("Rufus, our spaniel,", "Rufus the
/// dog."); or, opening the sentence, with a tail or paws of its own ("Rufus died at the vet's,
/// with his tail still going"). "the dog walker Tom" and "Fox Mulder" are people.
fn named_pet(text: &str, tokens: &[Token], k: usize) -> bool {
    let lower_word =
        |t: &Token| text.get(t.start..t.end).is_some_and(|w| w.chars().all(|c| c.is_lowercase() || c == '-'));
    let kind = |j: usize| tokens.get(j).is_some_and(|t| is_pet_kind(t.lower()) && lower_word(t));
    let gap = |j: usize| match (tokens.get(j), tokens.get(j + 1)) {
        (Some(a), Some(b)) => text.get(a.end..b.start).unwrap_or(""),
        (Some(a), None) => text.get(a.end..).unwrap_or(""),
        _ => "",
    };
    let before = k >= 2
        && kind(k - 1)
        && matches!(gap(k - 1).trim(), "" | ",")
        && (k.saturating_sub(3)..k - 1).any(|j| PET_DETERMINERS.contains(&tokens[j].lower()));
    let after = tokens.get(k + 1).is_some_and(|t| PET_DETERMINERS.contains(&t.lower()))
        && (k + 2..(k + 5).min(tokens.len())).take_while(|&j| lower_word(&tokens[j])).any(|j| {
            kind(j) && {
                let g = gap(j);
                g.is_empty() || g.trim_start().starts_with([',', '.', ';', '!', '?'])
            }
        });
    // "Rufus died at the vet's, with his tail still going": the subject's own tail or paws.
    let bodied = k == 0
        && tokens
            .windows(2)
            .any(|w| matches!(w[0].lower(), "his" | "her" | "its") && ANIMAL_BODY.contains(&w[1].lower()));
    before || after || bodied
}

/// Verbs only a person does, right after a name that opens a sentence ("Tariq held his wife's
/// hand"): for a short text's names in no list.
const PERSON_VERBS: &[&str] = &[
    "said",
    "asked",
    "told",
    "held",
    "hugged",
    "kissed",
    "texted",
    "rang",
    "phoned",
    "laughed",
    "smiled",
    "grinned",
    "shouted",
    "whispered",
    "nodded",
    "shrugged",
    "sighed",
    "knelt",
    "walked",
    "drove",
    "cycled",
    "sang",
    "cried",
    "wept",
    "screamed",
    "grabbed",
    "carried",
    "wrote",
    "cooked",
    "waved",
    "winked",
    "frowned",
    "noticed",
    "remembered",
    "promised",
    "insisted",
    "married",
    "kept",
    "leaned",
    "pressed",
    "squeezed",
    "stroked",
];

/// What a person owns, right after a name's "'s" that opens a sentence ("Halima's hand").
const PERSON_PARTS: &[&str] = &[
    "hand",
    "hands",
    "face",
    "voice",
    "eyes",
    "mother",
    "father",
    "mum",
    "dad",
    "wife",
    "husband",
    "sister",
    "brother",
    "daughter",
    "son",
    "phone",
    "breathing",
    "heart",
    "fingers",
    "lips",
    "smile",
];

/// Words for anyone or a group, which open a sentence as a person would ("Nobody said").
const ANYONE: &[&str] = &[
    "patient",
    "madame",
    "madam",
    "nobody",
    "everybody",
    "somebody",
    "anybody",
    "anyone",
    "everyone",
    "someone",
    "none",
    "each",
    "both",
    "neither",
    "either",
    "people",
    "police",
    "staff",
    "security",
    "mum",
    "dad",
    "gran",
    "grandma",
    "grandpa",
    "granny",
    "nana",
    "mummy",
    "daddy",
    "mama",
    "papa",
    "mother",
    "father",
    "nurse",
    "doctor",
    "everything",
    "nothing",
    "something",
];

/// Whether a sentence opens with someone acting: its first word (a capitalised name) followed
/// by a verb only a person does, or by "'s" and what a person owns.
fn acts(text: &str, tokens: &[Token]) -> bool {
    let (Some(first), Some(next)) = (tokens.first(), tokens.get(1)) else { return false };
    // "'Brutal,' said Ade": a word said, then who says it.
    if !text.get(first.end..next.start).is_some_and(|gap| gap.chars().all(char::is_whitespace)) {
        return false;
    }
    let raw = text.get(first.start..first.end).unwrap_or("");
    let owner = raw.ends_with("'s") || raw.ends_with("\u{2019}s");
    if owner {
        PERSON_PARTS.contains(&next.lower())
    } else {
        PERSON_VERBS.contains(&next.lower())
    }
}

/// Parts only an animal has: a sentence's subject with one of them ("his tail", "her paws")
/// is an animal. Not whiskers, a mane or fur, which people have or wear.
const ANIMAL_BODY: &[&str] = &["tail", "paws", "paw", "snout", "hooves", "hoof"];

/// What the list of given names (`data/names/given.txt`) says of a name.
#[derive(Debug, Clone, Copy)]
struct Given {
    /// The sex it is given to, where it is given to one only.
    sex: Option<Gender>,
    /// Also a common English word ("Rose", "Will"): where a sentence starts, as often the word.
    word: bool,
}

/// The given name `lower` (lower case), if it is one.
fn given(lower: &str) -> Option<Given> {
    static NAMES: std::sync::OnceLock<HashMap<String, Given>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        crate::data::GIVEN_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                let name = fields.next()?.to_lowercase();
                let sex = match fields.next()? {
                    "f" => Some(Gender::Female),
                    "m" => Some(Gender::Male),
                    _ => None,
                };
                Some((name, Given { sex, word: fields.next() == Some("word") }))
            })
            .collect()
    });
    names.get(lower).copied()
}

/// The name form of a token: lower case without a possessive ("Kestrel's" -> "kestrel").
fn name_form(lower: &str) -> &str {
    lower.strip_suffix("'s").unwrap_or(lower)
}

/// The most weak gender cues ("Sergeant Amara Nwosu ... as she turned") kept: only a short
/// text, with fewer than [`SHORT_CAST_MENTIONS`] name mentions, reads them.
const WEAK_MAX: usize = 4 * SHORT_CAST_MENTIONS;

/// Name mentions under which a work's cast is a short text's.
const SHORT_CAST_MENTIONS: usize = 60;

/// The named characters of a work.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    /// Names (as first written).
    pub names: Vec<String>,
    /// Mentions per name.
    pub counts: Vec<usize>,
    /// Number of chapters each name appears in.
    pub chapters: Vec<usize>,
    /// Each name's gender, where its pronouns say so clearly.
    pub genders: Vec<Option<Gender>>,
    /// Whether each name is a pet's: named beside the word for its kind ("our dog Rufus",
    /// "Mittens, her old cat,").
    pub pets: Vec<bool>,
    index: HashMap<String, usize>,
    total: usize,
}

impl Cast {
    /// Finds the names in a document in one pass over its sentences (tokens are not kept:
    /// memory grows with the vocabulary, plus one entry per sentence whose subject a "he" or
    /// "she" continues, and at most [`WEAK_MAX`] weaker cues).
    pub fn find(doc: &Document, tokenizer: &mut Tokenizer) -> Self {
        #[derive(Default)]
        struct Form {
            any: usize,
            capitals: usize,
            inner: usize,
            chapters: usize,
            last_chapter: Option<usize>,
            // Mentions after "the" or a preposition of place ("the Palais", "in Dubai").
            placed: usize,
            // Mentions after a title of each gender ("Mrs. Reed", "Master Pew").
            titled: [usize; 2],
            // Mentions beside the word for a kind of pet ("our dog Rufus").
            pet: usize,
            // Mentions opening a sentence as someone acting or owning a body ("Tariq held his
            // wife's hand", "Halima's hand got lighter").
            acting: usize,
        }
        // (sentence subject, "he" or "she" that continues it): "Mary went out. She ..."
        let mut subjects: Vec<(String, Gender)> = Vec::new();
        let mut weak: Vec<(String, Gender)> = Vec::new();
        let mut previous_subject: Option<String> = None;
        let mut forms: HashMap<String, Form, crate::lexicon::FastHash> = HashMap::with_hasher(crate::lexicon::FastHash);
        for sentence in &doc.sentences {
            let chapter = sentence.chapter.unwrap_or(0);
            let tokens = tokenizer.tokens(&doc.text, sentence.range.start, sentence.range.end);
            let nominative = |t: &Token| match t.lower() {
                "she" => Some(Gender::Female),
                "he" => Some(Gender::Male),
                _ => None,
            };
            if let (Some(first), Some(name)) = (tokens.first().and_then(nominative), previous_subject.take()) {
                subjects.push((name, first));
            }
            let subject = tokens
                .iter()
                .find(|t| !TITLES.contains(&t.lower()))
                .filter(|t| doc.text.get(t.start..t.end).is_some_and(|w| w.starts_with(char::is_uppercase)))
                // "Jane, he said ...": a name spoken to is not the subject.
                .filter(|t| !spoken_to(&doc.text, t))
                .map(|t| name_form(t.lower()))
                .filter(|w| !NOT_NAMES.contains(w))
                .map(str::to_string);
            if let Some(name) = &subject {
                if let Some(gender) = tokens.iter().skip(1).find_map(nominative) {
                    subjects.push((name.clone(), gender));
                }
            }
            previous_subject = subject;
            // Weaker: the run of capitalised words a later "he" or "she" follows first ("The
            // bullet hit Sergeant Amara Nwosu as she turned"); a short text says little more.
            // (Only a short text reads these: past a few hundred the work is long.)
            let mut run: Vec<&str> = Vec::new();
            let mut in_run = false;
            for (k, t) in tokens.iter().enumerate() {
                let form = name_form(t.lower());
                let entry = match forms.get_mut(form) {
                    Some(e) => e,
                    None => forms.entry(form.to_string()).or_default(),
                };
                entry.any += 1;
                if entry.last_chapter != Some(chapter) {
                    entry.last_chapter = Some(chapter);
                    entry.chapters += 1;
                }
                let raw = doc.text.get(t.start..t.end).unwrap_or("");
                let mut chars = raw.chars();
                let capital = chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase());
                if k > 0 && weak.len() < WEAK_MAX {
                    if let Some(gender) = nominative(t) {
                        weak.extend(run.drain(..).map(|w| (w.to_string(), gender)));
                    } else if capital {
                        if !in_run {
                            run.clear();
                        }
                        if !NOT_NAMES.contains(&form) && !spoken_to(&doc.text, t) {
                            run.push(form);
                        }
                    }
                    in_run = capital;
                }
                if capital {
                    entry.capitals += 1;
                    if k > 0 && !after_opening_quote(&doc.text, t.start) {
                        entry.inner += 1;
                    }
                    // Or a thing, after an article and a word in lower case ("a grey Astra").
                    let described = k > 1
                        && matches!(tokens[k - 2].lower(), "a" | "an" | "the")
                        && doc
                            .text
                            .get(tokens[k - 1].start..tokens[k - 1].end)
                            .is_some_and(|w| w.starts_with(char::is_lowercase));
                    if k > 0 && PLACE_WORDS.contains(&tokens[k - 1].lower()) || described {
                        entry.placed += 1;
                    }
                    if let Some(gender) = k.checked_sub(1).and_then(|p| title_gender(tokens[p].lower())) {
                        entry.titled[gender as usize] += 1;
                    }
                    if named_pet(&doc.text, &tokens, k) {
                        entry.pet += 1;
                    }
                    if k == 0 && acts(&doc.text, &tokens) {
                        entry.acting += 1;
                    }
                }
            }
        }
        // A name is capitalised where no sentence starts, and (almost) never lower case. In a
        // short text one such mention is enough if the word is always capitalised.
        let mut names: Vec<(&str, &Form)> = forms
            .iter()
            .filter(|(w, f)| {
                let enough = f.inner >= 2 || f.capitals >= 2 && f.capitals == f.any;
                enough && f.capitals * 10 >= f.any * 9 && !NOT_NAMES.contains(&w.as_str()) && w.chars().count() > 1
            })
            .map(|(w, f)| (w.as_str(), f))
            .collect();
        // A short text names most of its people once ("Grandad Victor died on a Sunday"): there
        // a word capitalised once where no sentence starts is a name too, unless it names a
        // place ("in Dubai", "the Leadmill"); and so is a given name said once where a sentence
        // starts ("Corinne was killed instantly"), unless it is a common word too ("Will you ...").
        let mentions: usize = names.iter().map(|(_, f)| f.any).sum();
        if mentions < SHORT_CAST_MENTIONS {
            names.extend(
                forms
                    .iter()
                    .filter(|(w, f)| {
                        let inside = f.inner == 1
                            && f.placed == 0
                            && w.chars().count() > 1
                            && w.chars().all(char::is_alphabetic);
                        let opening = f.inner == 0 && f.capitals == 1 && given(w).is_some_and(|g| !g.word);
                        // A name in no list, opening a sentence as someone acting ("Tomasz
                        // held the door", "Halima's hand got lighter"); not a plural, a
                        // common word ("Will"), an adverb ("Gently asked") nor a word for
                        // anyone ("Nobody said").
                        let acting = f.inner == 0
                            && f.capitals == 1
                            && f.acting == 1
                            && given(w).is_none_or(|g| !g.word)
                            && w.chars().count() > 2
                            && w.chars().all(char::is_alphabetic)
                            && !w.ends_with('s')
                            && !w.ends_with("ly")
                            && !ANYONE.contains(&w.as_str());
                        f.any == 1 && (inside || opening || acting) && !NOT_NAMES.contains(&w.as_str())
                    })
                    .map(|(w, f)| (w.as_str(), f)),
            );
        }
        names.sort_by(|a, b| b.1.any.cmp(&a.1.any).then(a.0.cmp(b.0)));
        let mut cast = Cast::default();
        let mut titled = Vec::with_capacity(names.len());
        let mut placed = Vec::with_capacity(names.len());
        for (w, f) in names {
            titled.push(f.titled);
            placed.push(f.placed > 0);
            // Beside its kind in a good share of its mentions: once by chance ("the dog Tom had
            // rescued") does not make Tom a dog, nor a few times a narrator told to see to a
            // horse ("my horse, John, that's an excellent lad", 3 of 745 in Lorna Doone).
            cast.pets.push(f.pet > 0 && (f.pet * 4 >= f.any || f.pet >= 3 && f.pet * 20 >= f.any));
            cast.index.insert(w.to_string(), cast.names.len());
            cast.names.push(w.to_string());
            cast.counts.push(f.any);
            cast.chapters.push(f.chapters);
            cast.total += f.any;
        }
        // A name's gender: the pronouns that continue it as a sentence's subject.
        let mut pronouns = vec![[0usize; 2]; cast.names.len()];
        // In a short text one pronoun, and a weak one, is all there is to go on.
        let short = !cast.is_long();
        let (evidence, enough) = if short { (&weak[..], 1) } else { (&[][..], 2) };
        for (name, gender) in subjects.iter().chain(evidence) {
            if let Some(&name) = cast.index.get(name) {
                pronouns[name][*gender as usize] += 1;
            }
        }
        let decide = |[female, male]: [usize; 2]| match () {
            () if female >= enough && female >= 2 * male => Some(Gender::Female),
            () if male >= enough && male >= 2 * female => Some(Gender::Male),
            () => None,
        };
        // Where the pronouns do not decide, titles count too ("Master Pew", "Pew ... he"):
        // not before them, since one name can carry both ("Joe" and "Mrs. Joe").
        cast.genders = pronouns
            .into_iter()
            .zip(titled)
            .enumerate()
            .map(|(k, (said, [f, m]))| {
                decide(said)
                    .or_else(|| decide([said[0] + f, said[1] + m]))
                    // A short text says little of anyone: there the name itself counts too,
                    // unless it names a place or a thing ("in Florence", "a grey Astra").
                    .or_else(|| if short && !placed[k] { given(&cast.names[k]).and_then(|g| g.sex) } else { None })
            })
            .collect();
        cast
    }

    /// Names mentioned in a token sequence: (name index, text offset).
    pub fn mentions(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        tokens.iter().filter_map(|t| self.index.get(name_form(t.lower())).map(|&i| (i, t.start))).collect()
    }

    /// Share of all name mentions that are this name's.
    pub fn share(&self, name: usize) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.counts.get(name).copied().unwrap_or(0) as f32 / self.total as f32
        }
    }

    /// Whether a name of the cast is a pet's ([`Cast::pets`]).
    pub fn is_pet(&self, name: usize) -> bool {
        self.pets.get(name).copied().unwrap_or(false)
    }

    /// Whether a name of the cast is a given name that is not also a common word ("Dana",
    /// not "Rose" or "Mill"): a person, even where nothing in the text tells their gender.
    pub fn is_given_name(&self, name: usize) -> bool {
        self.names.get(name).and_then(|n| given(n)).is_some_and(|g| !g.word)
    }

    /// Whether the work is long enough for the cast's counts to mean something (a short text
    /// names its people only a few times).
    pub fn is_long(&self) -> bool {
        self.total >= SHORT_CAST_MENTIONS
    }

    /// Whether a name is a major character: among the most mentioned, with a real share of
    /// the work (for a short text, among its three most named).
    pub fn is_prominent(&self, name: usize) -> bool {
        let count = self.counts.get(name).copied().unwrap_or(0);
        let rank = self.counts.iter().filter(|&&c| c > count).count();
        if !self.is_long() {
            count >= 1 && rank < 3
        } else {
            rank < 12 && (self.share(name) >= 0.03 || count >= 40)
        }
    }
}

/// Whether a name is spoken to rather than about: a comma, "!" or "?" after it, and a comma,
/// an opening quote or nothing before it ("Put the case, Pip, that ...", "Jane, come here").
pub fn spoken_to(text: &str, name: &Token) -> bool {
    let after = text.get(name.end..).is_some_and(|rest| rest.starts_with([',', '!', '?']));
    let before = after_opening_quote(text, name.start)
        || text.get(..name.start).map(str::trim_end).is_some_and(|b| b.is_empty() || b.ends_with([',', '.', '!', '?']));
    after && before
}

fn after_opening_quote(text: &str, offset: usize) -> bool {
    text.get(..offset)
        .and_then(|s| s.trim_end().chars().last())
        .is_some_and(|c| matches!(c, '"' | '“' | '‘' | '\'' | '(' | '—'))
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Tokenizer;
    use crate::{Document, Meta, SourceFormat, SourceMap};

    fn cast_of(text: &str) -> super::Cast {
        let doc =
            Document::from_plain_text(text.into(), SourceMap::identity("t", text.len()), Meta::new(SourceFormat::Txt));
        super::Cast::find(&doc, &mut Tokenizer::default())
    }

    #[test]
    fn finds_names_and_prominence() {
        let text = "Then Arlo walked in. She saw Arlo and Bea. Later Arlo left with Bea. The Dog barked once.";
        let cast = cast_of(text);
        assert_eq!(cast.names, vec!["arlo", "bea"]);
        assert!(cast.is_prominent(0));
    }

    #[test]
    fn a_short_text_names_its_people_once() {
        let text = "Grandad Victor died on a Sunday in the front room. We drove back to Leeds at the Palais hour.";
        let cast = cast_of(text);
        assert!(cast.names.contains(&"victor".to_string()), "{:?}", cast.names);
        assert!(!cast.names.iter().any(|n| n == "leeds" || n == "palais" || n == "sunday"), "{:?}", cast.names);
    }

    #[test]
    fn learns_gender_from_pronouns_of_single_name_sentences() {
        use super::Gender;
        // Names that are in no list of given names: only the text can tell.
        let text = "Arlo said he was late. He took his hat. Bex said she was not. \
                    Arlo and Bex left, and he waved to her. Then Cal waved. Cal left. \
                    Cal, he is here. Cal, he is gone.";
        let cast = cast_of(text);
        let gender = |name: &str| cast.names.iter().position(|n| n == name).and_then(|i| cast.genders[i]);
        assert_eq!(gender("arlo"), Some(Gender::Male));
        // One "she" is not enough; a pronoun that does not continue a subject says nothing,
        // nor does one after a name spoken to.
        assert_eq!(gender("bex"), None);
        assert_eq!(gender("cal"), None);
    }

    #[test]
    fn titles_decide_only_where_pronouns_do_not() {
        use super::Gender;
        let text = "Then Master Pew came in. We saw Master Pew go. Joe said he was late. Joe said he was sorry. \
                    Then Mrs. Joe came. We saw Mrs. Joe sit. We heard Mrs. Joe shout.";
        let cast = cast_of(text);
        let gender = |name: &str| cast.names.iter().position(|n| n == name).and_then(|i| cast.genders[i]);
        assert_eq!(gender("pew"), Some(Gender::Male));
        assert_eq!(gender("joe"), Some(Gender::Male));
    }

    #[test]
    fn a_short_text_reads_given_names() {
        use super::Gender;
        // Said once where a sentence starts, a given name is a name; a common word is not.
        let cast = cast_of("Corinne was killed instantly when the lorry jackknifed. Will you stay?");
        assert_eq!(cast.names, vec!["corinne"]);
        // Where no pronoun tells, the name does, unless it names a thing ("a grey Astra").
        assert_eq!(cast.genders, vec![Some(Gender::Female)]);
        let cast = cast_of("They stopped a grey Astra on the lane, and Ravi got out.");
        assert!(!cast.names.contains(&"astra".to_string()), "{:?}", cast.names);
        // Bex is in no list; Cal is given to both.
        let cast = cast_of("Then Bex and Cal went out.");
        assert_eq!(cast.genders, vec![None, None]);
    }

    #[test]
    fn a_short_text_reads_a_name_in_no_list_by_what_it_does() {
        // vd-implied-079 of the scenes suite: names in no list, each said once where a
        // sentence starts.
        let cast = cast_of("Tariq held his wife's hand through the last hour. Halima's hand got lighter.");
        assert_eq!(cast.names, vec!["halima", "tariq"]);
        // Not a word said before who says it, an adverb, a plural or a word for anyone.
        for text in ["\"Brutal,\" said Ade.", "Gently asked how often.", "Paramedics said so.", "Nobody laughed."] {
            let cast = cast_of(text);
            assert!(cast.names.iter().all(|n| n == "ade"), "{text}: {:?}", cast.names);
        }
    }

    #[test]
    fn a_name_beside_its_kind_is_a_pet() {
        let pets = |text: &str| {
            let cast = cast_of(text);
            let mut pets: Vec<String> =
                (0..cast.names.len()).filter(|&n| cast.is_pet(n)).map(|n| cast.names[n].clone()).collect();
            pets.sort();
            pets
        };
        // Braddon, Lady Audley's Secret (1862) and C. Bronte, Jane Eyre (1847).
        assert_eq!(
            pets("Alicia went to seek consolation from her dog Caesar and her chestnut mare Atalanta. Caesar slept."),
            vec!["atalanta", "caesar"]
        );
        assert_eq!(
            pets("The third was Mr. Rochester, on his black horse, Mesrour, with Pilot behind."),
            vec!["mesrour"]
        );
        assert_eq!(pets("Later Mittens, her old cat, came in. Nobody fed Mittens."), vec!["mittens"]);
        assert_eq!(pets("We buried Rufus the dog. Rufus was fourteen."), vec!["rufus"]);
        // dt-explicit-003 of the scenes suite.
        assert_eq!(
            pets("Rufus died at the vet's, with his head on Malik's knee and his tail still going."),
            vec!["rufus"]
        );
        // A person beside the word: a trade, a name, the one who keeps the dog.
        assert!(pets("Then Tom the dog walker came by. Tom waved.").is_empty());
        assert!(pets("Agent Fox Mulder came in. Mulder sat.").is_empty());
        // A name beside a kind in a few of its many mentions (Blackmore, Lorna Doone, 1869).
        let lad = "Just go and see to my horse, John, that's an excellent lad. ";
        let text = format!("{lad}{}", "John went out. John came in. ".repeat(10));
        assert!(pets(&text).is_empty());
        assert!(pets("The dog Tom had rescued was asleep. Tom said so. Tom laughed. Tom went out. Tom came back.")
            .is_empty());
    }
}
