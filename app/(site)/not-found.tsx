import { NotFoundBody } from "@/components/site/NotFoundBody";

export default function SiteNotFound() {
  return <NotFoundBody />;
}
