import Testing
@testable import AduanCore

@Suite("Inbound mail: quoted replies and HTML as text")
struct MailQuoteTests {
    @Test("visible text", arguments: [
        // Top-posted replies: everything from the attribution on goes.
        ("Baik.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Kantor <a@b.id> wrote:\n> lama", "Baik."),
        ("Baik.\n\nPada Sen, 30 Nov 2026 pukul 10.00 Kantor <a@b.id> menulis:\n> lama", "Baik."),
        ("Baik.\nPada Sen, 30 Nov 2026 pukul 10.00 Kantor <\na@b.id> menulis:\n\n> lama", "Baik."),   // wrapped
        ("Baik.\nOn Mon, 30 Nov 2026,\nKantor Disdukcapil\n<a@b.id> wrote:\nlama tanpa >", "Baik."),  // three lines
        // Bottom-posted: the quote goes, the answer below stays.
        ("On 30/11/2026, Kantor wrote:\n> Apakah sudah?\n\nSudah, terima kasih.", "Sudah, terima kasih."),
        // Interleaved ">" lines anywhere.
        ("Jawaban 1\n> pertanyaan\nJawaban 2", "Jawaban 1\nJawaban 2"),
        // Outlook.
        ("Oke\n\n-----Original Message-----\nFrom: x\nSent: y\n\nlama", "Oke"),
        ("Oke\n\n-----Pesan Asli-----\nDari: x\n\nlama", "Oke"),
        ("Oke\n________________________________\nFrom: Kantor <a@b.id>\nSent: Monday\nTo: c@d.id\nSubject: S\n\nlama", "Oke"),
        ("Oke\n\nDari: Kantor <a@b.id>\nDikirim: Senin\nKepada: c@d.id\nSubjek: S\n\nlama", "Oke"),
        ("Oke\n\n*From:* Kantor\n*Sent:* Monday\n*To:* c@d.id\n*Subject:* S\nlama", "Oke"),
        // Signature.
        ("Isi\n\n-- \nBudi\n0812", "Isi"),
        // Not quotes: a From: line alone, a line starting "Pada" in the text, a forward.
        ("From: rumah saya\nke kantor", "From: rumah saya\nke kantor"),
        ("Pada tanggal 5 saya datang.\nTidak dilayani.", "Pada tanggal 5 saya datang.\nTidak dilayani."),
        ("Mohon dicek.\n\n---------- Forwarded message ---------\nFrom: A <a@b.id>\nDate: Mon\nSubject: S\nTo: c@d.id\n\nIsi asli",
         "Mohon dicek.\n\n---------- Forwarded message ---------\nFrom: A <a@b.id>\nDate: Mon\nSubject: S\nTo: c@d.id\n\nIsi asli"),
        // Only a quote (a reply that is just a photo).
        ("On Mon, Kantor wrote:\n> Kirim foto KK", ""),
    ])
    func visible(text: String, expected: String) {
        #expect(PlainText.visible(text) == expected)
    }

    @Test("HTML to text: tags gone, blocks to line breaks, entities decoded, script and style dropped", arguments: [
        ("<p>Satu</p><p>Dua</p>", "Satu\n\nDua"),
        ("Satu<br>Dua<br/>Tiga", "Satu\nDua\nTiga"),
        ("<div>Satu</div><div>Dua</div>", "Satu\nDua"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x20AC; &euro; &nbsp;f &bogus; &#0;", "a & b <c> \"d\" 'e' € € f &bogus; &#0;"),
        ("<script>alert('x<p>')</script>teks<style>p{}</style>", "teks"),
        ("<SCRIPT type=x>bad()</SCRIPT>ok", "ok"),
        ("<head><title>T</title></head><body>isi</body>", "isi"),
        ("a<!-- <p>komentar</p> -->b", "ab"),
        ("  banyak    spasi\n\n dan\tbaris  ", "banyak spasi dan baris"),
        ("<pre>  kode\n  rapi</pre>", "  kode\n  rapi"),
        ("5 < 6 dan 7 > 3", "5 < 6 dan 7 > 3"),
        ("<table><tr><td>NIK</td><td>1306</td></tr></table>", "NIK 1306"),
        ("<img src=\"cid:x\" alt=\"foto\">", ""),
        ("<a href=\"https://x.id\">tautan</a>", "tautan"),
        ("<p unclosed", ""),
    ])
    func htmlText(html: String, expected: String) {
        #expect(HTMLText.render(html) == expected)
    }

    @Test("HTML quote blocks removed for the visible text", arguments: [
        ("<div>Baru</div><div class=\"gmail_quote\"><div>Pada … menulis:</div><blockquote>lama<div>x</div></blockquote></div><div>setelah</div>",
         "Baru\nsetelah"),
        ("Baru<blockquote type=\"cite\">lama<blockquote type=\"cite\">lebih lama</blockquote></blockquote>", "Baru"),
        ("Baru<div class=\"moz-cite-prefix\">On x wrote:</div><blockquote type=cite>lama</blockquote>", "Baru"),
        ("Baru<div id=\"yahoo_quoted_123\" class=\"yahoo_quoted\">lama</div>", "Baru"),
        ("Baru<div id=\"divRplyFwdMsg\">From: x</div><div>lama</div>", "Baru"),
        ("Baru<div id=\"appendonsend\"></div><hr><div>lama</div>", "Baru"),
    ])
    func htmlQuotes(html: String, expected: String) {
        #expect(HTMLText.render(html, removingQuotes: true) == expected)
        #expect(HTMLText.render(html) != expected)
    }
}
