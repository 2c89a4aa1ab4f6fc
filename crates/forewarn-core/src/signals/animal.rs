//! Animal cruelty detector: a verb of harm said of an animal.
//!
//! What it detects: a verb of beating, kicking, flogging, starving or tormenting whose object
//! is an animal ("Sir Percival beat one of the spaniels", "he kicked the dog"), or "it" after
//! such a verb in a sentence that names an animal ("he tied the horse to a tree and kicked
//! it"); and cruelty or ill-treatment "to" or "of" an animal.
//!
//! Why: the lexicon's fixed phrases ("kicked the dog") miss most of the ways prose tells it;
//! the words around the verb say what is harmed.
//!
//! Example: "He thrashed the old pony." gives an `animal-cruelty` cue of weight 2; "He kicked
//! his horse into a gallop" (riding) and "He never beat the dog" (negated) give none.
//!
//! Limitations: the animal must follow the verb within a few words, after a determiner (a
//! passive, "the dog was beaten", a bare plural, "he beat dogs", and a pronoun for an animal
//! named in an earlier sentence are missed); whipping is left out, as a driver's whip and a
//! cruel one read alike.

use super::context::negated_at;
use super::{Cue, SentenceSignals, SentenceView};

/// Verbs of harm that make cruelty when an animal is their object. Not "whipped", "lashed",
/// "spurred" or "goaded" (how a horse or an ox was driven: "he lashed the horse and roared
/// aloud"), nor "hit" or "struck" (a car hits a deer).
const HARMS: &[&str] = &[
    "beat",
    "beats",
    "beating",
    "kick",
    "kicked",
    "kicks",
    "kicking",
    "flogged",
    "flogging",
    "thrashed",
    "thrashing",
    "stoned",
    "stoning",
    "tormented",
    "tormenting",
    "tortured",
    "torturing",
    "starved",
    "starving",
    "mistreated",
    "maltreated",
    "ill-treated",
    "ill-treating",
    "ill-used",
    "ill-using",
    "abused",
    "abusing",
    "battered",
    "clubbed",
];

/// Nouns of cruelty and the preposition before the animal: "cruelty to a wounded rabbit",
/// "his ill-treatment of a horse".
const CRUELTIES: &[(&str, &str)] = &[
    ("cruelty", "to"),
    ("cruel", "to"),
    ("ill-treatment", "of"),
    ("ill-usage", "of"),
    ("mistreatment", "of"),
    ("maltreatment", "of"),
];

/// The words an object starts with: without one the verb is most often an adjective ("a
/// starving dog", "a kicking horse", "half-starved dogs") or a noun ("the beating of the
/// horses' hoofs").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "my", "your", "our", "its", "this", "that", "these", "those", "one",
    "some", "all", "two", "three", "several", "every",
];

/// Words right after the animal that make the verb a rider's or a driver's ("kicked his horse
/// into a gallop", "lashed the horses on").
const DRIVEN: &[&str] = &["into", "on", "onward", "onwards", "forward", "forwards", "up", "along", "ahead", "faster"];

/// The cue's weight: as strong as the lexicon's own "kicked the dog".
const WEIGHT: f32 = 2.0;

/// Animals other than [`super::characters::PETS`], for [`is_animal`]. Not "creature", which in
/// older prose is as often a person, nor "bear" or "ram", as often verbs ("could not bear to die").
const ANIMALS: &[&str] = &[
    "horses",
    "ponies",
    "dogs",
    "hounds",
    "puppies",
    "cats",
    "kittens",
    "sheep",
    "ewe",
    "ewes",
    "lamb",
    "lambs",
    "goat",
    "goats",
    "cow",
    "cows",
    "calf",
    "calves",
    "ox",
    "oxen",
    "bull",
    "pig",
    "pigs",
    "hog",
    "rat",
    "rats",
    "mouse",
    "mice",
    "rabbits",
    "hare",
    "hares",
    "fox",
    "foxes",
    "deer",
    "stag",
    "bird",
    "birds",
    "hen",
    "hens",
    "chicken",
    "chickens",
    "duck",
    "ducks",
    "goose",
    "geese",
    "pigeon",
    "pigeons",
    "partridge",
    "pheasant",
    "pheasants",
    "lark",
    "sparrow",
    "crow",
    "raven",
    "fish",
    "fishes",
    "trout",
    "salmon",
    "lion",
    "lions",
    "lioness",
    "tiger",
    "tigers",
    "elephant",
    "elephants",
    "wolf",
    "wolves",
    "monkey",
    "snake",
    "crocodile",
    "beast",
    "beasts",
    "animal",
    "animals",
    "otter",
    "badger",
    "squirrel",
    "camel",
    "buffalo",
    "pet",
    "cattle",
    "flock",
    "herd",
    "spaniels",
    "terriers",
    "greyhounds",
    "corgis",
    "hedgehog",
    "heifer",
    "bullock",
    "piglet",
    "rooster",
    "cockerel",
    "swan",
    "owl",
    "hawk",
    "eagle",
    "whale",
    "whales",
    "dolphin",
    "gorilla",
];

/// Whether `word`, in lower case, is an animal, for [`detect`] and [`super::death`]'s animal deaths.
pub(super) fn is_animal(word: &str) -> bool {
    super::characters::PETS.contains(&word) || ANIMALS.contains(&word)
}

/// Words between a verb (of killing, of harming) or "dead" and the animal it is said of
/// ("killed five of the poor beasts", "shot a hare", "the dead old horse", "beat one of the
/// spaniels").
pub(super) const BEFORE_ANIMAL: &[&str] = &[
    "a",
    "an",
    "the",
    "his",
    "her",
    "their",
    "my",
    "your",
    "our",
    "its",
    "this",
    "that",
    "these",
    "those",
    "two",
    "three",
    "four",
    "five",
    "six",
    "several",
    "many",
    "some",
    "all",
    "of",
    "poor",
    "old",
    "little",
    "first",
    "last",
    "big",
    "great",
    "young",
    "own",
    "wounded",
    "black",
    "white",
    "brown",
    "grey",
    "one",
    "trembling",
    "helpless",
    "wretched",
    "lame",
];

/// Animals that in older prose are as often a person harmed ("he beat the brute of a man",
/// "she struck the beast"): harm said of them is cruelty, and still may be violence.
const PERSON_TOO: &[&str] = &["beast", "beasts", "animal", "animals", "pet"];

/// Labels of harm done to people, which the same verb said of an animal is not.
const HUMAN_HARMS: &[&str] = &["violence", "torture"];

/// Adds an `animal-cruelty` cue where a verb of harm (or a noun of cruelty) is said of an
/// animal, unless the lexicon already gave one; and a `violence` or `torture` cue on that verb
/// is dropped (noted as a figure of the label, so the sentence model's reading of it is held
/// too): "Sir Percival beat one of the spaniels" is cruelty to a dog, not violence.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let taxonomy = crate::taxonomy();
    let Some(label) = taxonomy.index("animal-cruelty") else { return };
    let animal = |k: usize| {
        let word = view.lower(k);
        is_animal(word.strip_suffix("'s").unwrap_or(word))
    };
    // The animal after token `from`, an object starting with a determiner, past a few
    // adjectives, and not one ridden or driven on.
    let object = |from: usize| {
        if !DETERMINERS.contains(&view.lower(from)) {
            return None;
        }
        let mut a = from;
        while a < from + 4 && BEFORE_ANIMAL.contains(&view.lower(a)) {
            a += 1;
        }
        (animal(a) && !DRIVEN.contains(&view.lower(a + 1))).then_some(a)
    };
    // "kicked it": an animal named anywhere in the sentence (looked for only after a verb of harm).
    let named = || (0..view.tokens.len()).any(animal);
    let found = (0..view.tokens.len()).find_map(|k| {
        let word = view.lower(k);
        let harmed = if HARMS.contains(&word) {
            object(k + 1).or_else(|| (view.lower(k + 1) == "it" && named()).then_some(k + 1))
        } else {
            CRUELTIES
                .iter()
                .find(|&&(noun, _)| noun == word)
                .and_then(|&(_, to)| (view.lower(k + 1) == to).then(|| object(k + 2)).flatten())
        };
        harmed.map(|end| (k, end))
    });
    let Some((first, last)) = found else { return };
    if !PERSON_TOO.contains(&view.lower(last)) {
        let verb = view.tokens[first].start..view.tokens[first].end;
        for id in HUMAN_HARMS {
            let Some(harm) = taxonomy.index(id) else { continue };
            let before = s.cues.len();
            s.cues.retain(|c| c.label != harm || c.range.end <= verb.start || c.range.start >= verb.end);
            if s.cues.len() < before {
                s.add_figure(harm);
            }
        }
    }
    if s.cues.iter().any(|c| c.label == label) {
        return;
    }
    let negated = negated_at(view, first);
    let mut weight = if negated { WEIGHT * 0.05 } else { WEIGHT };
    if s.hypothetical {
        weight *= 0.35;
    }
    s.cues.push(Cue {
        label,
        base: WEIGHT,
        weight,
        range: crate::TextRange { start: view.tokens[first].start, end: view.tokens[last].end },
        phrase: "harm to an animal".into(),
        negated,
        noun_mention: false,
    });
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::cue_weight;

    fn cruelty(text: &str) -> f32 {
        cue_weight(text, "animal-cruelty")
    }

    #[test]
    fn harm_said_of_an_animal_is_cruelty() {
        // Wilkie Collins, The Woman in White (1860).
        assert!(cruelty("He winced and shuddered yesterday, when Sir Percival beat one of the spaniels.") >= 2.0);
        assert!(cruelty("He thrashed the old pony until it stood trembling.") >= 2.0);
        assert!(cruelty("She had seen him tormenting the cat for an hour.") >= 2.0);
        assert!(cruelty("He tied the horse to a tree and kicked it to make it stay quiet.") >= 2.0);
        assert!(cruelty("The vet spoke of his cruelty to a wounded rabbit.") >= 2.0);
    }

    #[test]
    fn riding_negation_and_people_are_not_cruelty() {
        assert_eq!(cruelty("He kicked his horse into a gallop."), 0.0);
        assert_eq!(cruelty("The coachman whipped up the horses."), 0.0);
        assert_eq!(cruelty("He kicked the door and the dog barked."), 0.0);
        assert_eq!(cruelty("They beat the guard and took his horse."), 0.0);
        // Charlotte Brontë, Jane Eyre (1847); Mary Braddon, Lady Audley's Secret (1862).
        assert_eq!(cruelty("I thus wandered about like a lost and starving dog."), 0.0);
        assert_eq!(cruelty("You take home half-starved dogs, because you like half-starved dogs."), 0.0);
        assert_eq!(cruelty("She heard the beating of the horses' hoofs."), 0.0);
        assert!(cruelty("He never beat the dog.") < 0.5);
        // Poached eggs share poaching's stem; poaching itself is named, not shown.
        assert_eq!(cruelty("There were poached eggs on toast for breakfast."), 0.0);
        assert!(cruelty("The keeper knew him for a notorious poacher.") <= 1.0);
    }

    #[test]
    fn harm_to_an_animal_is_not_violence() {
        let violence = |text: &str| cue_weight(text, "violence");
        assert!(violence("They beat the guard and took his horse.") > 0.0);
        assert_eq!(violence("He winced and shuddered yesterday, when Sir Percival beat one of the spaniels."), 0.0);
        assert_eq!(violence("He thrashed the old pony until it stood trembling."), 0.0);
        assert!(violence("He beat the poor beast until it could not stand.") > 0.0);
    }
}
