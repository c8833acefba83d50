use crate::model::Report;

/// The report as pretty JSON, newline-terminated.
pub fn render(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing plain data types cannot fail; keep a valid document regardless.
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}
