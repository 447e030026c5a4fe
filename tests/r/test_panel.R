# The panel as an R user loads it: readr, then a base-R reshape to wide.
suppressPackageStartupMessages(library(readr))
out <- Sys.getenv("ZHIBIAO_OUTPUT", "output")
p <- read_csv(file.path(out, "panel.csv"), show_col_types = FALSE, na = "",
              locale = locale(encoding = "UTF-8"))
stopifnot(nrow(p) > 20, is.logical(p$conflict), is.numeric(p$value), is.numeric(p$n_records))
key <- paste(p$region, p$period_year, p$period, p$indicator_code, p$kind, p$status)
stopifnot(!any(duplicated(key)))
annual <- as.data.frame(p[is.na(p$period), c("region", "indicator_code", "kind", "period_year", "status", "value")])
annual$col <- paste(annual$period_year, annual$status, sep = "_")
wide <- reshape(annual[, c("region", "indicator_code", "kind", "col", "value")],
                idvar = c("region", "indicator_code", "kind"), timevar = "col",
                direction = "wide")
row <- wide[wide$region == "郑州市" & wide$indicator_code == "gdp" & wide$kind == "change", ]
stopifnot(nrow(row) == 1, row[["value.2023_actual"]] == 7.4, row[["value.2024_target"]] == 7)
cat("R panel: 4 passed, 0 failed\n")
