"""Moving a journal in and out: json and csv export, import and merge, calendar."""
