"""The web glue the HTML pages and the JSON API share: request dependencies, error answers, security."""
