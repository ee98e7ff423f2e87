import Link from "next/link";

export function Breadcrumbs({ items, label }: { items: { href?: string; text: string }[]; label: string }) {
  return (
    <nav aria-label={label} className="breadcrumbs">
      <ol>
        {items.map((it, i) => (
          <li key={i}>{it.href && i < items.length - 1 ? <Link href={it.href}>{it.text}</Link> : <span aria-current={i === items.length - 1 ? "page" : undefined}>{it.text}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}
