//! What the `start_import` example shows while following an import, shared by the progress
//! bar (a terminal) and the plain lines (anything else), so both say the same thing. Compiled
//! into `tests/start_import_cli_units.rs` too.

use mgn_client::types::{ImportTask, ImportTaskError, ImportTaskSummary};

/// One poll's view of the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// `progressPercentage`, when the service sent it.
    pub percent: Option<f32>,
    /// The status as on the wire (`STARTED`), or `-`.
    pub status: String,
    /// The summary counts, or `no summary yet`.
    pub summary: String,
}

impl Progress {
    /// The import `import_id` in one `ListImports` answer; `None` when it is not listed (yet).
    pub fn of(import_id: &str, items: Option<&[ImportTask]>) -> Option<Progress> {
        let task = items?
            .iter()
            .find(|t| t.import_id.as_deref() == Some(import_id))?;
        Some(Progress {
            percent: task.progress_percentage,
            status: task.status.as_ref().map_or("-", |s| s.as_str()).to_owned(),
            summary: summary(task.summary.as_ref()),
        })
    }

    /// Where a progress bar of length 100 stands.
    pub fn position(&self) -> u64 {
        self.percent
            .map_or(0, |p| p.clamp(0.0, 100.0).round() as u64)
    }

    /// The progress bar's message: status and counts.
    pub fn message(&self) -> String {
        format!("{:<9}  {}", self.status, self.summary)
    }

    /// The plain line for one poll: status, percentage, counts.
    pub fn line(&self) -> String {
        format!(
            "{:<9} {:>6}  {}",
            self.status,
            percent(self.percent),
            self.summary
        )
    }
}

/// `40%`, `33.5%`, or `-%` when unknown.
pub fn percent(p: Option<f32>) -> String {
    match p {
        None => "-%".to_owned(),
        Some(p) if p.fract() == 0.0 => format!("{p:.0}%"),
        Some(p) => format!("{p:.1}%"),
    }
}

/// `servers 3 created, 1 modified; applications 1 created, 0 modified; waves 0 created, 0 modified`.
pub fn summary(summary: Option<&ImportTaskSummary>) -> String {
    let Some(s) = summary else {
        return "no summary yet".to_owned();
    };
    let counts = |name: &str, c: Option<(i64, i64)>| match c {
        Some((created, modified)) => format!("{name} {created} created, {modified} modified"),
        None => format!("{name} -"),
    };
    [
        counts(
            "servers",
            s.servers
                .as_ref()
                .map(|c| (c.created_count, c.modified_count)),
        ),
        counts(
            "applications",
            s.applications
                .as_ref()
                .map(|c| (c.created_count, c.modified_count)),
        ),
        counts(
            "waves",
            s.waves
                .as_ref()
                .map(|c| (c.created_count, c.modified_count)),
        ),
    ]
    .join("; ")
}

/// The import errors as a table: a header, then one line per error, columns aligned, the
/// message last and never padded. Control characters in the service's text become spaces,
/// so a row stays one line.
pub fn errors_table(errors: &[ImportTaskError]) -> String {
    let header = ["ROW", "TYPE", "ENTITY", "TIME", "MESSAGE"].map(str::to_owned);
    let rows: Vec<[String; 5]> = errors
        .iter()
        .map(|e| {
            let data = e.error_data.as_ref();
            let row = data
                .map(|d| d.row_number)
                .filter(|r| *r > 0)
                .map_or("-".to_owned(), |r| r.to_string());
            let entity = data.and_then(|d| {
                [
                    ("server", &d.source_server_id),
                    ("application", &d.application_id),
                    ("wave", &d.wave_id),
                    ("launch template", &d.ec2_launch_template_id),
                    ("account", &d.account_id),
                ]
                .into_iter()
                .find_map(|(kind, id)| id.as_ref().map(|id| format!("{kind} {id}")))
            });
            [
                row,
                e.error_type.as_ref().map_or("-", |t| t.as_str()).to_owned(),
                entity.unwrap_or_else(|| "-".to_owned()),
                e.error_date_time.clone().unwrap_or_else(|| "-".to_owned()),
                data.and_then(|d| d.raw_error.clone())
                    .unwrap_or_else(|| "-".to_owned()),
            ]
            .map(|cell| one_line(&cell))
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut table = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        table.push_str(line.trim_end());
        table.push('\n');
    }
    table
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
