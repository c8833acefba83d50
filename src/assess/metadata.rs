//! Metadata rows of the self-assessment the scan can fill: the languages the project is
//! written in.

use super::*;
use crate::evidence::languages;

impl Ctx<'_> {
    /// "Languages": the languages of the source files at the scanned commit, by size,
    /// those under [`languages::MIN_PERCENT`] left out (and counted).
    pub(super) fn languages(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[]);
        let Ok(files) = &self.ev.files else {
            it.unknown_for("the repository's files were not read");
            return it.finish(Answer::Unknown);
        };
        let census = languages::census(files);
        let main: Vec<&languages::Share> = census.main().collect();
        if main.is_empty() {
            it.unknown_for("no source file of a catalogued language was found");
            return it.finish(Answer::Unknown);
        }
        let cite = self.ev.cite_commit(&files.commit);
        let shown: Vec<Text> = main
            .iter()
            .map(|s| text![s.name.as_str(), " (", num(s.percent), "%)"])
            .collect();
        let others = census.languages.len() - main.len();
        let mut t = text![
            list(shown, 0),
            ", by the size of the source files at commit ",
            commit(&files.commit),
            " (not counted: "
        ];
        // What was left out that would have weighed: each reason with its largest file.
        let shown_left: Vec<Text> = census
            .excluded
            .iter()
            .filter(|l| l.why != languages::Excluded::Vendored)
            .map(|l| {
                let what = match l.why {
                    languages::Excluded::Attributes => text![
                        count(l.files, "file", "files"),
                        " marked vendored or generated in ",
                        code(".gitattributes")
                    ],
                    languages::Excluded::Bundled => {
                        text![count(
                            l.files,
                            "minified or bundled script",
                            "minified or bundled scripts"
                        )]
                    }
                    _ => text![count(
                        l.files,
                        "generated file or build output",
                        "generated files or build outputs"
                    )],
                };
                text![
                    what,
                    " (",
                    crate::evidence::files::bytes(l.bytes),
                    if l.files == 1 { ": " } else { ", the largest " },
                    code(&l.largest),
                    ")"
                ]
            })
            .collect();
        let mut parts = shown_left;
        parts.push(if parts.is_empty() {
            text!["vendored, generated, test-data and example files"]
        } else {
            text!["vendored, third-party, test-data and example trees"]
        });
        t.push(list_of(parts));
        if others > 0 {
            t.push(text![
                "; ",
                count(others as u64, "language", "languages"),
                " under ",
                num(languages::MIN_PERCENT),
                "% not listed"
            ]);
        }
        t.push(if census.partial {
            "; only the files of the listed part of the tree were counted)."
        } else {
            ")."
        });
        it.say(t, [&cite]);
        it.finish(Answer::Yes)
    }
}
