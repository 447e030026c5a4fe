# The CSV as an R user loads it with readr: Chinese text and numbers intact.
suppressPackageStartupMessages(library(readr))
out <- Sys.getenv("ZHIBIAO_OUTPUT", "output")
ind <- read_csv(file.path(out, "indicators.csv"), show_col_types = FALSE, na = "",
                locale = locale(encoding = "UTF-8"))
stopifnot(nrow(ind) > 200)
stopifnot(is.numeric(ind$value), is.numeric(ind$char_start), is.numeric(ind$period_year))
stopifnot(any(grepl("地区生产总值", ind$indicator, fixed = TRUE)))
stopifnot(any(ind$unit == "万人次", na.rm = TRUE))
stopifnot(all(nchar(ind$value_text) > 0))
docs <- read_csv(file.path(out, "documents.csv"), show_col_types = FALSE, na = "")
stopifnot(nrow(docs) == 5, all(docs$status == "ok"))
row <- ind[ind$value_text == "2535.8万人次", ]
stopifnot(nrow(row) == 1, row$value == 2535.8, row$value_normalized == 25358000)
cat("R: 7 passed, 0 failed\n")
