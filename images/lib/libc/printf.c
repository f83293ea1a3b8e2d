/*
 * printf family: %d %i %u %x %X %p %s %c %% with flags '-' and '0', a width (digits or '*'),
 * a precision (digits or '*'; minimum digits for numbers, maximum bytes for %s) and the
 * 'l' modifier (long is 32 bits here). %p prints "0x" and lowercase hex without padding.
 * Unknown conversions are printed as they stand.
 */
#include <stdio.h>
#include <string.h>

struct sink {
	char *buf;	/* NULL: write to the console */
	size_t size;	/* capacity of buf including the NUL */
	size_t len;	/* characters produced so far (as if unbounded) */
};

static void emit(struct sink *s, char c)
{
	if (!s->buf)
		putchar(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void emit_n(struct sink *s, char c, int n)
{
	while (n-- > 0)
		emit(s, c);
}

/* One field: optional sign/prefix, then zero padding, then the digits (or text). */
static void field(struct sink *s, const char *prefix, const char *body, int blen,
		  int width, int left, int zeros)
{
	int plen = (int)strlen(prefix);
	int pad = width - plen - zeros - blen;

	if (!left)
		emit_n(s, ' ', pad);
	while (*prefix)
		emit(s, *prefix++);
	emit_n(s, '0', zeros);
	while (blen-- > 0)
		emit(s, *body++);
	if (left)
		emit_n(s, ' ', pad);
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";

	for (; *fmt; fmt++) {
		int left = 0, zero = 0, width = 0, prec = -1;
		char tmp[12], *p;
		const char *digits = lower, *prefix = "";
		unsigned int u, base = 10;

		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		const char *start = fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0)
				left = 1, width = -width;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z')
			fmt++;

		switch (*fmt) {
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			field(s, "", tmp, 1, width, left, 0);
			continue;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n = 0;

			if (!str)
				str = "(null)";
			while (str[n] && (prec < 0 || n < prec))
				n++;
			field(s, "", str, n, width, left, 0);
			continue;
		}
		case '%':
			emit(s, '%');
			continue;
		case 'd':
		case 'i': {
			int v = va_arg(ap, int);

			if (v < 0) {
				prefix = "-";
				u = 0u - (unsigned int)v;
			} else {
				u = (unsigned int)v;
			}
			break;
		}
		case 'u':
			u = va_arg(ap, unsigned int);
			break;
		case 'X':
			digits = upper;
			/* fall through */
		case 'x':
			u = va_arg(ap, unsigned int);
			base = 16;
			break;
		case 'p':
			u = (unsigned int)va_arg(ap, void *);
			base = 16;
			prefix = "0x";
			break;
		default:	/* unknown or truncated conversion: print it literally */
			if (!*fmt)
				fmt--;
			for (; start <= fmt; start++)
				emit(s, *start);
			continue;
		}

		p = tmp + sizeof(tmp);
		do {
			*--p = digits[u % base];
			u /= base;
		} while (u);
		if (prec == 0 && p[0] == '0' && p + 1 == tmp + sizeof(tmp))
			p++;	/* "%.0d" of 0 prints no digits */
		int blen = (int)(tmp + sizeof(tmp) - p), zeros = 0;
		if (prec > blen)
			zeros = prec - blen;
		else if (zero && !left && prec < 0)
			zeros = width - (int)strlen(prefix) - blen;
		if (zeros < 0)
			zeros = 0;
		field(s, prefix, p, blen, width, left, zeros);
	}
	return (int)s->len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf ? buf : (char *)"", buf ? size : 0, 0 };
	int n = format(&s, fmt, ap);

	if (buf && size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = { NULL, 0, 0 };

	return format(&s, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
