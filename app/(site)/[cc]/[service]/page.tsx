import { TimelineView, type SearchParams } from "@/components/explorer/TimelineView";

export const dynamic = "force-dynamic";

export default async function ServicePage({ params, searchParams }: { params: Promise<{ cc: string; service: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service } = await params;
  return <TimelineView segments={[cc, service]} searchParams={await searchParams} />;
}
