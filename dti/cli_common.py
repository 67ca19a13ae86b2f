"""What every CLI command shares: the year argument's range, and text safe for a terminal."""

import argparse
import errno
import re

# DTI assessments began with 2020; the range only keeps typos and absurd numbers out.
FIRST_YEAR, LAST_YEAR = 2015, 2100

# CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), any other two-byte ESC sequence,
# then every C0/C1 control character except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """No escape sequence or control character from a data cell reaches a terminal raw
    (a file cell holding ESC[2J must not clear an official's screen). Tab and newline stay."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def assessment_year(text: str) -> int:
    """argparse type for --year: an integer within FIRST_YEAR..LAST_YEAR, else a Vietnamese error."""
    stripped = text.strip()
    if not stripped.isdigit() or len(stripped) > 4 or not FIRST_YEAR <= int(stripped) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"năm '{printable(text)[:12]}' không hợp lệ: cần một năm từ {FIRST_YEAR} đến {LAST_YEAR}, ví dụ 2022")
    return int(stripped)


OS_ERROR_WORDS = {errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "đã hết hạn mức dung lượng",
                  errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
                  errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EISDIR: "đó là một thư mục"}


def os_error_words(error: OSError) -> str:
    """An OSError in Vietnamese words (never the system's English text)."""
    return OS_ERROR_WORDS.get(error.errno, f"lỗi hệ thống tệp (mã {error.errno})")
