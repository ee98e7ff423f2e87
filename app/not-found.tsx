// Addresses no route matches: the designed 404 with the site's palette and a way back,
// without the header (this renders outside the site's route group).
import Link from "next/link";
import { NotFoundBody } from "@/components/site/NotFoundBody";
import { PaletteStyle } from "@/components/site/PaletteStyle";

export default function NotFound() {
  return (
    <div className="site">
      <PaletteStyle />
      <header className="site-header">
        <Link href="/" className="brand">
          Vantage
        </Link>
      </header>
      <main id="content">
        <NotFoundBody />
      </main>
    </div>
  );
}
