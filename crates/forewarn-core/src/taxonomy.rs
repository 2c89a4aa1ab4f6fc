//! The label taxonomy, read from `data/taxonomy.json`: AO3's four archive warnings and four
//! ratings, the 32 PAN 2023 content labels, `war`, and four labels readers ask for most
//! (`torture`, `substance-abuse`, `stalking`, `infidelity`), each with a one-line definition.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Whether a label is one of AO3's archive warnings or a content warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LabelKind {
    /// An AO3 archive warning.
    Archive,
    /// A content warning.
    Content,
}

/// A label of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    /// Stable id (`rape-non-con`, `violence`).
    pub id: String,
    /// Archive or content.
    pub kind: LabelKind,
    /// Display name.
    pub name: String,
    /// One-line definition.
    pub definition: String,
}

/// A rating level definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingDef {
    /// Stable id (`general`, `teen`, `mature`, `explicit`).
    pub id: String,
    /// AO3's name.
    pub name: String,
    /// What it covers.
    pub definition: String,
}

/// The whole taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Taxonomy {
    /// Where the definitions come from.
    pub source: String,
    /// Severity levels and what they mean.
    pub severity_scale: std::collections::BTreeMap<String, String>,
    /// Ratings, least to most intense.
    pub ratings: Vec<RatingDef>,
    /// Labels: archive warnings first, then content labels.
    pub labels: Vec<Label>,
}

impl Taxonomy {
    /// Index of a label id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.id == id)
    }

    /// A label by id.
    pub fn get(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    /// (archive warning, content label) index pairs of [`COUNTERPARTS`].
    pub fn counterparts(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        COUNTERPARTS.iter().filter_map(|(archive, content)| Some((self.index(archive)?, self.index(content)?)))
    }
}

/// Each archive warning's content counterpart: what a finding of the archive warning is also
/// a finding of, and what declaring it also covers.
pub const COUNTERPARTS: &[(&str, &str)] = &[
    ("graphic-violence", "violence"),
    ("major-character-death", "death"),
    ("rape-non-con", "sexual-assault"),
    ("underage-sex", "underage"),
];

/// The shipped taxonomy.
pub fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| match serde_json::from_str(crate::data::TAXONOMY) {
        Ok(t) => t,
        // The file is compiled in and checked by a test; an empty taxonomy keeps the core
        // infallible if it were ever broken.
        Err(_) => Taxonomy {
            source: String::new(),
            severity_scale: Default::default(),
            ratings: Vec::new(),
            labels: Vec::new(),
        },
    })
}

/// How intense a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    /// Referred to, recalled or implied, not shown.
    Mentioned,
    /// Happens on the page.
    Depicted,
    /// Happens on the page in explicit or gory detail.
    Graphic,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mentioned => "mentioned",
            Self::Depicted => "depicted",
            Self::Graphic => "graphic",
        }
    }
}

/// An AO3 rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// General Audiences.
    General,
    /// Teen And Up Audiences.
    Teen,
    /// Mature.
    Mature,
    /// Explicit.
    Explicit,
}

impl Rating {
    /// Lower-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Teen => "teen",
            Self::Mature => "mature",
            Self::Explicit => "explicit",
        }
    }

    /// AO3's display name.
    pub fn ao3_name(self) -> &'static str {
        match self {
            Self::General => "General Audiences",
            Self::Teen => "Teen And Up Audiences",
            Self::Mature => "Mature",
            Self::Explicit => "Explicit",
        }
    }

    /// Parses an id or an AO3 name ("Teen And Up Audiences", "teen"); `None` for "Not Rated".
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase();
        match s.as_str() {
            "general" | "general audiences" | "g" => Some(Self::General),
            "teen" | "teen and up" | "teen and up audiences" | "t" => Some(Self::Teen),
            "mature" | "m" => Some(Self::Mature),
            "explicit" | "e" => Some(Self::Explicit),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_has_every_label() {
        let t = taxonomy();
        assert_eq!(t.labels.iter().filter(|l| l.kind == LabelKind::Archive).count(), 4);
        assert_eq!(t.labels.iter().filter(|l| l.kind == LabelKind::Content).count(), 37);
        assert_eq!(t.ratings.len(), 4);
        for (id, _) in crate::data::LEXICONS {
            assert!(t.get(id).is_some(), "lexicon {id} has no label");
        }
    }
}
