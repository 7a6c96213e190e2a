"""Chinese numerals and dates as committee documents write them."""

DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三, 107 → 一百零七 (for 届 and 次会议 names)."""
    if n < 0:
        raise ValueError("negative")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + DIGITS[rest]
        return head + (DIGITS[rest // 10] + "十" + (DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


def cn_date(value):
    """2025年6月9日: GB/T 9704 dates use Arabic numerals without leading zeros."""
    return f"{value.year}年{value.month}月{value.day}日"
